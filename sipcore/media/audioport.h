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
