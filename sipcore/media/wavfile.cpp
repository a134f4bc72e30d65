#include "sipcore/media/wavfile.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace sipcore::media {

namespace {

std::uint32_t le32(const unsigned char *p)
{
    return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16)
           | (std::uint32_t(p[3]) << 24);
}

std::uint16_t le16(const unsigned char *p)
{
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

void put32(unsigned char *p, std::uint32_t value)
{
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<unsigned char>(value >> (8 * i));
}

void put16(unsigned char *p, std::uint16_t value)
{
    p[0] = static_cast<unsigned char>(value);
    p[1] = static_cast<unsigned char>(value >> 8);
}

} // namespace

Result<WavFile::Audio> WavFile::read(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::error_code(errno ? errno : ENOENT, std::generic_category());
    const std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in),
                                           std::istreambuf_iterator<char>()};
    const auto invalid = std::make_error_code(std::errc::invalid_argument);
    if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0
        || std::memcmp(bytes.data() + 8, "WAVE", 4) != 0)
        return invalid;
    unsigned channels = 0;
    Audio audio;
    bool format = false;
    std::size_t offset = 12;
    while (offset + 8 <= bytes.size()) {
        const unsigned char *chunk = bytes.data() + offset;
        const std::size_t size = le32(chunk + 4);
        const std::size_t body = offset + 8;
        const std::size_t available = std::min(size, bytes.size() - body);
        if (std::memcmp(chunk, "fmt ", 4) == 0) {
            if (available < 16)
                return invalid;
            const std::uint16_t tag = le16(chunk + 8);
            channels = le16(chunk + 10);
            audio.sampleRate = le32(chunk + 12);
            const std::uint16_t bits = le16(chunk + 22);
            // 1 is PCM; 0xFFFE (extensible) carries PCM in its sub-format, assumed here.
            if ((tag != 1 && tag != 0xFFFE) || bits != 16 || channels == 0 || audio.sampleRate == 0)
                return invalid;
            format = true;
        } else if (std::memcmp(chunk, "data", 4) == 0 && format) {
            const std::size_t frames = available / (2 * channels);
            audio.samples.reserve(frames);
            for (std::size_t i = 0; i < frames; ++i) {
                int sum = 0;
                for (unsigned c = 0; c < channels; ++c)
                    sum += static_cast<std::int16_t>(
                            le16(bytes.data() + body + 2 * (i * channels + c)));
                audio.samples.push_back(
                        static_cast<std::int16_t>(sum / static_cast<int>(channels)));
            }
            return audio;
        }
        offset = body + size + (size & 1);
    }
    return invalid;
}

WavFile::WavFile(const std::string &path, unsigned sampleRate)
    : m_file(std::fopen(path.c_str(), "wb"))
    , m_sampleRate(sampleRate)
{
    flush();
}

WavFile::~WavFile()
{
    if (!m_file)
        return;
    flush();
    std::fclose(m_file);
}

void WavFile::write(const std::int16_t *samples, std::size_t count)
{
    if (!m_file)
        return;
    for (std::size_t i = 0; i < count; ++i) {
        unsigned char sample[2];
        put16(sample, static_cast<std::uint16_t>(samples[i]));
        std::fwrite(sample, 1, 2, m_file);
    }
    m_dataBytes += static_cast<std::uint32_t>(2 * count);
}

void WavFile::flush()
{
    if (!m_file)
        return;
    unsigned char header[44];
    std::memcpy(header, "RIFF", 4);
    put32(header + 4, 36 + m_dataBytes);
    std::memcpy(header + 8, "WAVEfmt ", 8);
    put32(header + 16, 16);
    put16(header + 20, 1); // PCM
    put16(header + 22, 1); // mono
    put32(header + 24, m_sampleRate);
    put32(header + 28, m_sampleRate * 2);
    put16(header + 32, 2);
    put16(header + 34, 16);
    std::memcpy(header + 36, "data", 4);
    put32(header + 40, m_dataBytes);
    std::fseek(m_file, 0, SEEK_SET);
    std::fwrite(header, 1, sizeof header, m_file);
    std::fseek(m_file, 0, SEEK_END);
    std::fflush(m_file);
}

} // namespace sipcore::media
