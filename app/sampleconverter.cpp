#include "sampleconverter.h"

#include "sipcore/media/resampler.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace {

/// One sample of \a format at \a data as a value in [-1, 1).
float readSample(QAudioFormat::SampleFormat format, const char *data)
{
    switch (format) {
    case QAudioFormat::UInt8:
        return (static_cast<float>(static_cast<unsigned char>(*data)) - 128.0f) / 128.0f;
    case QAudioFormat::Int16: {
        std::int16_t value;
        std::memcpy(&value, data, sizeof value);
        return static_cast<float>(value) / 32768.0f;
    }
    case QAudioFormat::Int32: {
        std::int32_t value;
        std::memcpy(&value, data, sizeof value);
        return static_cast<float>(value) / 2147483648.0f;
    }
    case QAudioFormat::Float: {
        float value;
        std::memcpy(&value, data, sizeof value);
        return value;
    }
    case QAudioFormat::Unknown:
    case QAudioFormat::NSampleFormats:
        break;
    }
    return 0;
}

/// Writes \a sample (16-bit) as one sample of \a format at \a data.
void writeSample(QAudioFormat::SampleFormat format, std::int16_t sample, char *data)
{
    switch (format) {
    case QAudioFormat::UInt8:
        *data = static_cast<char>(static_cast<unsigned char>((sample >> 8) + 128));
        return;
    case QAudioFormat::Int16:
        std::memcpy(data, &sample, sizeof sample);
        return;
    case QAudioFormat::Int32: {
        const std::int32_t value = std::int32_t(sample) * 65536;
        std::memcpy(data, &value, sizeof value);
        return;
    }
    case QAudioFormat::Float: {
        const float value = static_cast<float>(sample) / 32768.0f;
        std::memcpy(data, &value, sizeof value);
        return;
    }
    case QAudioFormat::Unknown:
    case QAudioFormat::NSampleFormats:
        return;
    }
}

} // namespace

SampleConverter::SampleConverter(const QAudioFormat &device, unsigned engineRate)
    : m_device(device)
    , m_toEngine(std::make_unique<sipcore::media::Resampler>(unsigned(device.sampleRate()),
                                                             engineRate))
    , m_fromEngine(std::make_unique<sipcore::media::Resampler>(engineRate,
                                                               unsigned(device.sampleRate())))
{}

SampleConverter::~SampleConverter() = default;

void SampleConverter::toEngine(QByteArrayView bytes, std::vector<std::int16_t> &out)
{
    const int channels = std::max(1, m_device.channelCount());
    const int sampleBytes = std::max(1, m_device.bytesPerSample());
    const qsizetype frameBytes = qsizetype(channels) * sampleBytes;
    const qsizetype frames = bytes.size() / frameBytes;
    m_scratch.resize(static_cast<std::size_t>(frames));
    for (qsizetype frame = 0; frame < frames; ++frame) {
        const char *at = bytes.data() + frame * frameBytes;
        float sum = 0;
        for (int channel = 0; channel < channels; ++channel)
            sum += readSample(m_device.sampleFormat(), at + channel * sampleBytes);
        const float mono = std::clamp(sum / float(channels), -1.0f, 32767.0f / 32768.0f);
        m_scratch[std::size_t(frame)] = static_cast<std::int16_t>(std::lround(mono * 32768.0f));
    }
    m_toEngine->process(m_scratch, out);
}

void SampleConverter::fromEngine(std::span<const std::int16_t> samples, QByteArray &out)
{
    m_scratch.clear();
    m_fromEngine->process(samples, m_scratch);
    const int channels = std::max(1, m_device.channelCount());
    const int sampleBytes = std::max(1, m_device.bytesPerSample());
    const qsizetype start = out.size();
    out.resize(start + qsizetype(m_scratch.size()) * channels * sampleBytes);
    char *at = out.data() + start;
    for (std::int16_t sample : m_scratch) {
        for (int channel = 0; channel < channels; ++channel, at += sampleBytes)
            writeSample(m_device.sampleFormat(), sample, at);
    }
}
