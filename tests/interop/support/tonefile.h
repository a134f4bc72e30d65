#pragma once

// Test support: sine-tone WAV files to play into a phone, and a Goertzel tone detector for
// what it recorded. Written apart from sipcore/media so that the media code is not checked
// by itself. Header-only.

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QtEndian>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <optional>
#include <vector>

namespace tonefile {

struct Audio
{
    int sampleRate = 0;
    std::vector<std::int16_t> samples;
};

/// Writes \a seconds of a sine at \a frequency (amplitude 8000) as 16-bit mono PCM WAV.
inline bool writeTone(const QString &path, double frequency, int sampleRate, double seconds)
{
    const int count = static_cast<int>(sampleRate * seconds);
    QByteArray data;
    for (int i = 0; i < count; ++i) {
        const auto sample = static_cast<std::int16_t>(
                8000 * std::sin(2 * std::numbers::pi * frequency * i / sampleRate));
        data.append(static_cast<char>(sample & 0xff));
        data.append(static_cast<char>((sample >> 8) & 0xff));
    }
    QByteArray header(44, '\0');
    auto put32 = [&](int at, quint32 v) {
        qToLittleEndian<quint32>(v, header.data() + at);
    };
    auto put16 = [&](int at, quint16 v) {
        qToLittleEndian<quint16>(v, header.data() + at);
    };
    header.replace(0, 4, "RIFF");
    put32(4, 36 + static_cast<quint32>(data.size()));
    header.replace(8, 8, "WAVEfmt ");
    put32(16, 16);
    put16(20, 1);
    put16(22, 1);
    put32(24, static_cast<quint32>(sampleRate));
    put32(28, static_cast<quint32>(sampleRate * 2));
    put16(32, 2);
    put16(34, 16);
    header.replace(36, 4, "data");
    put32(40, static_cast<quint32>(data.size()));
    QFile file(path);
    return file.open(QIODevice::WriteOnly)
           && file.write(header + data) == header.size() + data.size();
}

/// A 16-bit mono PCM WAV file: its "fmt " and "data" chunks, whatever comes between them (a
/// data size left at 0 or too large by a writer that did not finish means "to the end").
inline std::optional<Audio> readWav(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray bytes = file.readAll();
    if (bytes.size() < 12 || !bytes.startsWith("RIFF") || bytes.mid(8, 4) != "WAVE")
        return std::nullopt;
    std::optional<int> sampleRate;
    for (qsizetype at = 12; at + 8 <= bytes.size();) {
        const QByteArray id = bytes.mid(at, 4);
        qsizetype size = qFromLittleEndian<quint32>(bytes.constData() + at + 4);
        const qsizetype body = at + 8;
        if (id == "fmt ") {
            if (size < 16 || body + 16 > bytes.size()
                || qFromLittleEndian<quint16>(bytes.constData() + body) != 1 // PCM
                || qFromLittleEndian<quint16>(bytes.constData() + body + 2) != 1
                || qFromLittleEndian<quint16>(bytes.constData() + body + 14) != 16)
                return std::nullopt;
            sampleRate = static_cast<int>(qFromLittleEndian<quint32>(bytes.constData() + body + 4));
        } else if (id == "data") {
            if (!sampleRate)
                return std::nullopt;
            if (size == 0 || body + size > bytes.size())
                size = bytes.size() - body;
            Audio audio;
            audio.sampleRate = *sampleRate;
            for (qsizetype i = body; i + 1 < body + size; i += 2)
                audio.samples.push_back(qFromLittleEndian<qint16>(bytes.constData() + i));
            return audio;
        }
        at = body + size + (size & 1);
    }
    return std::nullopt;
}

/// The amplitude of \a frequency in samples [\a begin, \a end) (the Goertzel algorithm).
inline double amplitude(const Audio &audio, double frequency, std::size_t begin, std::size_t end)
{
    const double k = 2 * std::cos(2 * std::numbers::pi * frequency / audio.sampleRate);
    double s1 = 0;
    double s2 = 0;
    for (std::size_t i = begin; i < end && i < audio.samples.size(); ++i) {
        const double s0 = audio.samples[i] + k * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    const double n = static_cast<double>(end - begin);
    return 2 * std::sqrt(std::max(0.0, s1 * s1 + s2 * s2 - k * s1 * s2)) / n;
}

/// Where the first sample louder than \a level is; nullopt when there is none.
inline std::optional<std::size_t> firstSound(const Audio &audio, int level = 200)
{
    for (std::size_t i = 0; i < audio.samples.size(); ++i) {
        if (std::abs(audio.samples[i]) > level)
            return i;
    }
    return std::nullopt;
}

/// The amplitude of \a frequency in the WAV file \a path over one second from a fifth of a
/// second after its first sound; nullopt when the file cannot be read, is silent, or is too
/// short for that second.
inline std::optional<double> levelAfterFirstSound(const QString &path, double frequency)
{
    const auto audio = readWav(path);
    const auto start = audio ? firstSound(*audio) : std::nullopt;
    if (!start)
        return std::nullopt;
    const std::size_t begin = *start + static_cast<std::size_t>(audio->sampleRate) / 5;
    const std::size_t end = begin + static_cast<std::size_t>(audio->sampleRate);
    if (end > audio->samples.size())
        return std::nullopt;
    return amplitude(*audio, frequency, begin, end);
}

} // namespace tonefile
