#pragma once

#include "sipcore/media/audioport.h"
#include "sipcore/media/audioprocessor.h"
#include "sipcore/session/mediaendpoint.h"
#include "sipcore/util/corethread.h"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sipcore::media {

class AudioStream;

/// How calls send DTMF.
enum class DtmfMethod {
    Rfc4733, ///< events when the peer takes telephone-event, tones when it does not
    InBand,  ///< tones only: telephone-event is neither offered nor accepted
    Info,    ///< SIP INFO (application/dtmf-relay); telephone-event offered for receiving
};

struct MediaEngineOptions
{
    /// The microphone; silence when none.
    std::unique_ptr<AudioSource> source;
    /// The speaker; the audio is dropped when none.
    std::unique_ptr<AudioSink> sink;
    /// The codecs calls offer and accept, by encoding name in order of preference (a subset
    /// of AudioCodec::supported()); all of those when empty.
    std::vector<std::string> codecs = {};
    DtmfMethod dtmf = DtmfMethod::Rfc4733;
    /// What the microphone's audio goes through before it is sent (a microphone, not a
    /// file, wants all of it); nothing by default.
    AudioProcessing processing = {false, false, false};
    /// Hears, on the media thread, that the clock starts (a first stream attached: the
    /// source and sink are about to be used) or stops (the last one left); not called when
    /// the engine is destroyed. Sound devices open and close with it.
    std::function<void(bool running)> clockChanged = {};
};

/// The media side of the phone: its own thread (an io_context, like the core's) on which
/// every call's RTP stream runs, and a clock that, while a stream is attached, every
/// FrameDuration reads one frame from the source, hands it to each stream to send, and
/// writes the mix of their playout to the sink. A source with a clock of its own (a sound
/// device) may pace the clock through sourceReadyHandler(), so that no frame waits for it.
///
/// Threads: construct and destroy on the owner's thread, after the user agent that uses
/// endpointFactory() has stopped; the factory and the endpoints it makes are called on the
/// core thread and post their work here.
class MediaEngine
{
public:
    static constexpr unsigned SampleRate = 48000;
    static constexpr std::chrono::milliseconds FrameDuration{20};
    static constexpr std::size_t FrameSamples = SampleRate / 50;

    explicit MediaEngine(MediaEngineOptions options);
    ~MediaEngine();
    MediaEngine(const MediaEngine &) = delete;
    MediaEngine &operator=(const MediaEngine &) = delete;

    /// Makes each call's endpoint: RTP (and a reserved RTCP port) on the signaling address.
    MediaEndpointFactory endpointFactory();
    CoreThread::Executor executor() { return m_thread.executor(); }
    /// The codecs calls offer, in order of preference (MediaEngineOptions::codecs).
    std::vector<sdp::MediaFormat> codecs() const;
    boost::asio::io_context &context() { return m_thread.context(); }
    DtmfMethod dtmfMethod() const { return m_options.dtmf; }

    /// Changes what the microphone's audio goes through, from the next frame on.
    void setProcessing(AudioProcessing processing);

    /// A function for the source's own thread, to call each time the source has received
    /// audio and holds a whole frame: while a stream is attached, the clock then ticks at once
    /// (at most once a half frame) and its timer stands by, half a frame after the next tick
    /// is due, in case the source falls silent. Without such calls the timer keeps time alone.
    /// Any thread; safe to call after the engine is gone (it then does nothing).
    std::function<void()> sourceReadyHandler();

    /// Media thread only: the stream takes part in the clock from now on, or no longer.
    void attach(const std::shared_ptr<AudioStream> &stream);
    void detach(const std::shared_ptr<AudioStream> &stream);

private:
    /// What sourceReadyHandler()'s functions reach the engine through, cut off (under the
    /// mutex) before the engine goes.
    struct Doorbell
    {
        std::mutex mutex;
        MediaEngine *engine = nullptr;
    };

    /// Arms the timer for m_nextTick + FrameDuration (or now, after a stall).
    void scheduleTick();
    void tick();
    /// Media thread: the source has a whole frame.
    void sourceReady();

    MediaEngineOptions m_options;
    CoreThread m_thread;
    boost::asio::steady_timer m_timer;
    std::chrono::steady_clock::time_point m_nextTick;
    std::chrono::steady_clock::time_point m_lastTick;
    std::uint64_t m_timerArmings = 0; ///< a wait whose arming is not the latest one is stale
    std::shared_ptr<Doorbell> m_doorbell = std::make_shared<Doorbell>();
    std::vector<std::shared_ptr<AudioStream>> m_streams;
    std::vector<std::int16_t> m_capture;
    std::vector<std::int16_t> m_mix;
    /// Media thread: what the microphone goes through (null: nothing); the frame last handed
    /// to the speaker, the echo's source when the source cannot say what played alongside
    /// (AudioSource::playedAlongside); and what it says.
    std::unique_ptr<AudioProcessor> m_processor;
    std::vector<std::int16_t> m_played;
    std::vector<std::int16_t> m_reference;
};

} // namespace sipcore::media
