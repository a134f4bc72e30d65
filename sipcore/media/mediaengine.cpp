#include "sipcore/media/mediaengine.h"

#include "sipcore/media/audiocodec.h"
#include "sipcore/media/audiostream.h"
#include "sipcore/media/callmedia.h"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <future>

namespace sipcore::media {

MediaEngine::MediaEngine(MediaEngineOptions options)
    : m_options(std::move(options))
    , m_timer(m_thread.context())
    , m_capture(FrameSamples)
    , m_mix(FrameSamples)
    , m_played(FrameSamples)
    , m_reference(FrameSamples)
{
    m_doorbell->engine = this;
    if (m_options.processing.any())
        m_processor
                = std::make_unique<AudioProcessor>(m_options.processing, SampleRate, FrameSamples);
}

MediaEngine::~MediaEngine()
{
    {
        const std::scoped_lock lock(m_doorbell->mutex);
        m_doorbell->engine = nullptr;
    }
    std::promise<void> stopped;
    boost::asio::post(m_thread.executor(), [this, &stopped] {
        m_timer.cancel();
        for (const auto &stream : m_streams)
            stream->stop();
        m_streams.clear();
        stopped.set_value();
    });
    stopped.get_future().wait();
    m_thread.stop();
}

MediaEndpointFactory MediaEngine::endpointFactory()
{
    return [this](std::string_view signalingAddress) -> std::shared_ptr<MediaEndpoint> {
        auto media = std::make_shared<CallMedia>(*this, std::string(signalingAddress));
        return media->isOpen() ? media : nullptr;
    };
}

std::vector<sdp::MediaFormat> MediaEngine::codecs() const
{
    std::vector<sdp::MediaFormat> all = AudioCodec::supported();
    if (m_options.codecs.empty())
        return all;
    std::vector<sdp::MediaFormat> chosen;
    for (const std::string &name : m_options.codecs) {
        for (const sdp::MediaFormat &format : all) {
            if (format.sameCodec(sdp::MediaFormat{0, name, format.clockRate, format.channels}))
                chosen.push_back(format);
        }
    }
    return chosen;
}

void MediaEngine::setProcessing(AudioProcessing processing)
{
    boost::asio::post(m_thread.executor(), [this, processing] {
        m_processor = processing.any() ? std::make_unique<AudioProcessor>(processing, SampleRate,
                                                                          FrameSamples)
                                       : nullptr;
    });
}

std::function<void()> MediaEngine::sourceReadyHandler()
{
    return [doorbell = m_doorbell] {
        const std::scoped_lock lock(doorbell->mutex);
        if (MediaEngine *engine = doorbell->engine)
            boost::asio::post(engine->m_thread.executor(), [engine] { engine->sourceReady(); });
    };
}

void MediaEngine::attach(const std::shared_ptr<AudioStream> &stream)
{
    if (std::find(m_streams.begin(), m_streams.end(), stream) != m_streams.end())
        return;
    m_streams.push_back(stream);
    if (m_streams.size() == 1) {
        // The clock runs only while a stream takes part: no wake-ups while idle.
        if (m_options.clockChanged)
            m_options.clockChanged(true);
        m_nextTick = std::chrono::steady_clock::now();
        scheduleTick();
    }
}

void MediaEngine::detach(const std::shared_ptr<AudioStream> &stream)
{
    if (std::erase(m_streams, stream) == 0 || !m_streams.empty())
        return;
    m_timer.cancel();
    if (m_options.clockChanged)
        m_options.clockChanged(false);
}

void MediaEngine::scheduleTick()
{
    m_nextTick += FrameDuration;
    const auto now = std::chrono::steady_clock::now();
    if (m_nextTick + 5 * FrameDuration < now)
        m_nextTick = now; // the machine stalled: catch up rather than burst
    m_timer.expires_at(m_nextTick);
    // Re-arming cancels the wait before, unless its handler is already queued: then the
    // count tells it that it is stale.
    m_timer.async_wait([this, arming = ++m_timerArmings](const boost::system::error_code &error) {
        if (error || m_streams.empty() || arming != m_timerArmings)
            return;
        tick();
        scheduleTick();
    });
}

void MediaEngine::sourceReady()
{
    const auto now = std::chrono::steady_clock::now();
    // A frame that arrived with the one just read (a backlog), not a new one.
    if (m_streams.empty() || now - m_lastTick < FrameDuration / 2)
        return;
    tick();
    m_nextTick = now + FrameDuration / 2;
    scheduleTick();
}

void MediaEngine::tick()
{
    m_lastTick = std::chrono::steady_clock::now();
    if (m_options.source)
        m_options.source->read(m_capture);
    else
        std::fill(m_capture.begin(), m_capture.end(), std::int16_t(0));
    if (m_processor) {
        const bool paired = m_options.source && m_options.source->playedAlongside(m_reference);
        m_processor->process(m_capture, paired ? m_reference : m_played);
    }
    std::fill(m_mix.begin(), m_mix.end(), std::int16_t(0));
    const auto now = std::chrono::steady_clock::now();
    for (const auto &stream : m_streams) {
        stream->sendFrame(m_capture);
        stream->playout(m_mix);
        stream->sendReportIfDue(now);
    }
    if (m_options.sink)
        m_options.sink->write(m_mix);
    std::swap(m_played, m_mix); // m_mix is cleared before its next use
}

} // namespace sipcore::media
