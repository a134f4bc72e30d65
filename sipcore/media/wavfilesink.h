#pragma once

#include "sipcore/media/audioport.h"
#include "sipcore/media/wavfile.h"

#include <string>

namespace sipcore::media {

/// Records what would be played to a WAV file at the engine's rate (--audio-out); the header
/// is brought up to date every second and at the end.
class WavFileSink final : public AudioSink
{
public:
    WavFileSink(const std::string &path, unsigned sampleRate);
    bool isOpen() const { return m_file.isOpen(); }
    void write(std::span<const std::int16_t> frame) override;

private:
    WavFile m_file;
    unsigned m_sampleRate;
    std::size_t m_sinceFlush = 0;
};

} // namespace sipcore::media
