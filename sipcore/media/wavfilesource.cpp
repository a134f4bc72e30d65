#include "sipcore/media/wavfilesource.h"

#include "sipcore/media/resampler.h"

#include <algorithm>

namespace sipcore::media {

WavFileSource::WavFileSource(const WavFile::Audio &audio, unsigned sampleRate)
{
    Resampler resampler(audio.sampleRate, sampleRate);
    resampler.process(audio.samples, m_samples);
}

void WavFileSource::read(std::span<std::int16_t> frame)
{
    if (m_samples.empty()) {
        std::fill(frame.begin(), frame.end(), std::int16_t(0));
        return;
    }
    for (std::int16_t &sample : frame) {
        sample = m_samples[m_position];
        m_position = (m_position + 1) % m_samples.size();
    }
}

} // namespace sipcore::media
