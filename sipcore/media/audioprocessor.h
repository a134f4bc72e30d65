#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

struct SpeexEchoState_;
struct SpeexPreprocessState_;

namespace sipcore::media {

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
/// through the microphone, and takes it out), then noise suppression and automatic gain
/// control, which also removes the echo the filter left. Fixed frames at one rate, cleaned in
/// blocks of 10 ms (speexdsp gives each block back one block late, so a block is all the
/// delay the clean-ups add). Not thread-safe: the media thread only.
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

private:
    AudioProcessing m_settings;
    std::size_t m_frameSamples;
    std::size_t m_blockSamples; ///< what speexdsp cleans at a time
    SpeexEchoState_ *m_echo = nullptr;
    SpeexPreprocessState_ *m_preprocess = nullptr;
    std::vector<std::int16_t> m_cleaned;
};

} // namespace sipcore::media
