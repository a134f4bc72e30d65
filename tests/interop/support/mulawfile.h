#pragma once

// Test support: raw G.711 µ-law audio for SIPp's rtp_stream action, which sends a file's bytes
// as PCMU payloads (160 a packet). Header-only; the test links sipcore_media for the encoder.

#include "sipcore/media/g711codec.h"

#include <QFile>
#include <QString>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace mulawfile {

/// Writes \a seconds of a \a frequency tone at amplitude 8000, µ-law at 8 kHz, to \a path;
/// false when the file cannot be written.
inline bool writeTone(const QString &path, double frequency, double seconds)
{
    std::vector<std::int16_t> pcm(static_cast<std::size_t>(seconds * 8000));
    for (std::size_t i = 0; i < pcm.size(); ++i)
        pcm[i] = static_cast<std::int16_t>(
                8000 * std::sin(2 * std::numbers::pi * frequency * double(i) / 8000));
    sipcore::media::G711Codec law(sipcore::media::G711Codec::Law::MuLaw);
    std::vector<std::uint8_t> encoded(pcm.size());
    encoded.resize(law.encode(pcm, encoded));
    QFile file(path);
    return encoded.size() == pcm.size() && file.open(QIODevice::WriteOnly)
           && file.write(reinterpret_cast<const char *>(encoded.data()), qint64(encoded.size()))
                      == qint64(encoded.size());
}

} // namespace mulawfile
