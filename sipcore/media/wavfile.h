#pragma once

#include "sipcore/util/result.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace sipcore::media {

/// Reading and writing RIFF WAVE files of 16-bit PCM (the format of --audio-in and
/// --audio-out, and what SIPp, baresip and sox read and write).
class WavFile
{
public:
    /// The samples of \a path mixed down to mono, and their rate. Errors: the file cannot be
    /// read (its errno), or it is not 16-bit PCM WAVE (std::errc::invalid_argument).
    struct Audio
    {
        unsigned sampleRate = 0;
        std::vector<std::int16_t> samples;
    };
    static Result<Audio> read(const std::string &path);

    /// A file being written: mono 16-bit at \a sampleRate. The header is brought up to date
    /// by flush() and on destruction, so a file cut short by a crash still plays up to the
    /// last flush.
    WavFile(const std::string &path, unsigned sampleRate);
    ~WavFile();
    WavFile(const WavFile &) = delete;
    WavFile &operator=(const WavFile &) = delete;

    /// Whether the file could be created.
    bool isOpen() const { return m_file != nullptr; }
    void write(const std::int16_t *samples, std::size_t count);
    void flush();

private:
    std::FILE *m_file = nullptr;
    unsigned m_sampleRate;
    std::uint32_t m_dataBytes = 0;
};

} // namespace sipcore::media
