#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sipcore::media {

/// The tones the phone makes by itself, as 16-bit mono PCM:
/// - Ringback: while the called phone rings and sends no early media; 425 Hz, 1 s on and
///   4 s off (ITU-T E.180's most common ringing tone), at -15 dBFS.
/// - Ringtone: an incoming call; a trill of 1000 and 1250 Hz alternating every 40 ms, 1.2 s on
///   and 2.8 s off, at -8 dBFS.
/// - CallWaiting: an incoming call while another one talks, mixed into that call's audio;
///   425 Hz, two 200 ms beeps 200 ms apart every 5 s (ETSI's call waiting tone), at -18 dBFS.
/// Each burst starts and ends with a 5 ms ramp, so the cadence does not click.
class AlertTone
{
public:
    enum class Kind { Ringback, Ringtone, CallWaiting };

    AlertTone(Kind kind, unsigned sampleRate);

    Kind kind() const { return m_kind; }
    /// Writes the next samples of the tone to \a out; the cadence carries on across calls
    /// and starts with a burst.
    void fill(std::span<std::int16_t> out);

private:
    double frequencyAt(std::size_t position) const;
    /// Whether \a position is within a burst, and then how far it is from the burst's nearer
    /// edge, in samples.
    bool inBurst(std::size_t position, std::size_t &edge) const;

    Kind m_kind;
    unsigned m_sampleRate;
    std::size_t m_onSamples = 1; ///< a burst's length
    std::size_t m_bursts = 1;    ///< bursts at the start of each period, one length apart
    std::size_t m_periodSamples = 1;
    std::size_t m_position = 0; ///< within the period
    double m_phase = 0;         ///< radians, carried across frequency changes
};

} // namespace sipcore::media
