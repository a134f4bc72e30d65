#pragma once

#include <cstdint>
#include <deque>
#include <span>

namespace sipcore::media {

/// In-band DTMF (ITU-T Q.23) for a peer without telephone-event: each queued digit is its two
/// frequencies for ToneMilliseconds, then silence for PauseMilliseconds, written over the
/// microphone's frames. Not thread-safe (the media thread).
class DtmfToneGenerator
{
public:
    static constexpr unsigned ToneMilliseconds = 100;
    static constexpr unsigned PauseMilliseconds = 60;
    /// Peak of each of the two frequencies (about −12 dBFS).
    static constexpr double Amplitude = 8000;

    explicit DtmfToneGenerator(unsigned sampleRate);

    /// Adds \a digit to the queue (anything but 0-9, *, #, A-D is ignored).
    void queue(char digit);
    bool isIdle() const { return m_queue.empty() && m_left == 0 && !m_inTone; }
    /// Writes the tones (and pauses) due over \a frame: false, and \a frame untouched, when
    /// idle; once a digit has begun the whole frame is ours (its end padded with silence).
    bool fill(std::span<std::int16_t> frame);

private:
    unsigned m_sampleRate;
    std::deque<char> m_queue;
    double m_low = 0;             ///< the digit's row frequency; 0 during a pause
    double m_high = 0;            ///< its column frequency
    std::uint64_t m_position = 0; ///< samples into the current tone or pause
    std::uint64_t m_left = 0;     ///< samples of it still to write
    bool m_inTone = false;
};

} // namespace sipcore::media
