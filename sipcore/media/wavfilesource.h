#pragma once

#include "sipcore/media/audioport.h"
#include "sipcore/media/wavfile.h"

#include <vector>

namespace sipcore::media {

/// Plays a WAV file's audio as the microphone, over and over (--audio-in).
class WavFileSource final : public AudioSource
{
public:
    /// \a audio converted once to \a sampleRate, the engine's rate.
    WavFileSource(const WavFile::Audio &audio, unsigned sampleRate);
    void read(std::span<std::int16_t> frame) override;

private:
    std::vector<std::int16_t> m_samples;
    std::size_t m_position = 0;
};

} // namespace sipcore::media
