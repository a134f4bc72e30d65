#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

struct SpeexEchoState_;
struct SpeexPreprocessState_;

namespace sipcore::media {

class BandSplitter;
class Resampler;

/// Which clean-ups the microphone's audio goes through before it is sent.
struct AudioProcessing
{
    bool echoCancellation = true;
    bool noiseSuppression = true;
    bool gainControl = true;

    bool any() const { return echoCancellation || noiseSuppression || gainControl; }
};

/// Cleans up the microphone's audio before it is sent (speexdsp): acoustic echo cancellation
/// (an adaptive filter with a 200 ms tail learns how what the speaker played comes back
/// through the microphone, and takes it out), then the preprocessor: it suppresses the echo
/// the filter left whenever echo cancellation is on, and suppresses noise and controls the
/// gain when those are on. Fixed frames at one rate, cleaned in blocks of 10 ms (speexdsp
/// gives each block back one block late).
///
/// Above 16 kHz only the band below about 7 kHz, where speech has its weight, goes through
/// speexdsp, at 16 kHz: that costs a third of cleaning the full band. The band above follows
/// the low band's changes: each block it is scaled by what the clean-ups did to the low
/// band's level (taking out echo or noise turns it down, gain control up). The split adds
/// 2 ms to the block's delay. Not thread-safe: the media thread only.
class AudioProcessor
{
public:
    /// \a frameSamples: what process() takes, a whole number of 10 ms blocks at \a sampleRate
    /// (a frame that is not is cleaned as one block).
    AudioProcessor(AudioProcessing settings, unsigned sampleRate, std::size_t frameSamples);
    ~AudioProcessor();
    AudioProcessor(const AudioProcessor &) = delete;
    AudioProcessor &operator=(const AudioProcessor &) = delete;

    AudioProcessing settings() const { return m_settings; }
    /// Cleans \a captured, one frame from the microphone, in place; \a played is the frame
    /// handed to the speaker just before it, the echo's source. Both are frameSamples long.
    void process(std::span<std::int16_t> captured, std::span<const std::int16_t> played);
    /// How late a sound comes out, in samples: 0 with everything off.
    std::size_t delay() const;

private:
    /// Runs speexdsp on one block at its rate, in place.
    void clean(std::span<std::int16_t> block, std::span<const std::int16_t> played);
    /// Cleans one block of the full band through the split.
    void cleanSplit(std::span<std::int16_t> block, std::span<const std::int16_t> played);

    AudioProcessing m_settings;
    std::size_t m_frameSamples;
    std::size_t m_blockSamples; ///< what is cleaned at a time, at the frame's rate
    SpeexEchoState_ *m_echo = nullptr;
    SpeexPreprocessState_ *m_preprocess = nullptr;
    std::vector<std::int16_t> m_cleaned;
    /// The split (null: speexdsp cleans the full band), the speaker's low band, and the
    /// microphone's.
    std::unique_ptr<BandSplitter> m_split;
    std::unique_ptr<Resampler> m_playedDown;
    std::vector<std::int16_t> m_low;
    std::vector<std::int16_t> m_playedLow;
    double m_lastRawEnergy = 0; ///< the last block's low band's mean square, before cleaning
    float m_highGain = 1;
};

} // namespace sipcore::media
