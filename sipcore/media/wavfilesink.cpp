#include "sipcore/media/wavfilesink.h"

namespace sipcore::media {

WavFileSink::WavFileSink(const std::string &path, unsigned sampleRate)
    : m_file(path, sampleRate)
    , m_sampleRate(sampleRate)
{}

void WavFileSink::write(std::span<const std::int16_t> frame)
{
    m_file.write(frame.data(), frame.size());
    m_sinceFlush += frame.size();
    if (m_sinceFlush >= m_sampleRate) {
        m_file.flush();
        m_sinceFlush = 0;
    }
}

} // namespace sipcore::media
