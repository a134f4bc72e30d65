#pragma once

#include <QAudioFormat>
#include <QByteArray>

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace sipcore::media {
class Resampler;
} // namespace sipcore::media

/// Converts between a sound device's own format (any rate, channel count and sample format
/// Qt Multimedia has) and the media engine's: 16-bit mono at \a engineRate. Qt 6.4 on
/// PulseAudio does not convert, so devices are opened in their preferred format and this does
/// the work. One converter per stream and direction; not thread-safe.
class SampleConverter
{
public:
    SampleConverter(const QAudioFormat &device, unsigned engineRate);
    ~SampleConverter();
    SampleConverter(const SampleConverter &) = delete;
    SampleConverter &operator=(const SampleConverter &) = delete;

    const QAudioFormat &deviceFormat() const { return m_device; }
    /// Captured bytes (whole frames; a partial frame at the end is ignored) to engine samples,
    /// channels averaged, appended to \a out.
    void toEngine(QByteArrayView bytes, std::vector<std::int16_t> &out);
    /// Engine samples to bytes for the device, the sample copied to every channel, appended
    /// to \a out.
    void fromEngine(std::span<const std::int16_t> samples, QByteArray &out);

private:
    QAudioFormat m_device;
    std::unique_ptr<sipcore::media::Resampler> m_toEngine;
    std::unique_ptr<sipcore::media::Resampler> m_fromEngine;
    std::vector<std::int16_t> m_scratch;
};
