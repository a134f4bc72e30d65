#pragma once

#include <cstdint>
#include <span>

namespace sipcore::media {

/// Where the engine's audio comes from: one frame per call, at the engine's rate
/// (MediaEngine::SampleRate, mono). Called on the media thread only.
class AudioSource
{
public:
    virtual ~AudioSource() = default;
    /// Fills \a frame with the next captured samples (silence when there are none).
    virtual void read(std::span<std::int16_t> frame) = 0;
    /// Fills \a reference with what the speaker played alongside the frame read() just gave,
    /// sample for sample (the echo canceller's reference); false, leaving it alone, when this
    /// source does not know (the engine then takes its own last playout).
    virtual bool playedAlongside(std::span<std::int16_t> reference)
    {
        (void)reference;
        return false;
    }
};

/// Where the engine's audio goes: the mix of every call's playout, one frame per call, at the
/// engine's rate. Called on the media thread only.
class AudioSink
{
public:
    virtual ~AudioSink() = default;
    virtual void write(std::span<const std::int16_t> frame) = 0;
};

} // namespace sipcore::media
