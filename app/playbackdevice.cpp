#include "playbackdevice.h"

#include "sampleconverter.h"

#include "sipcore/media/alerttone.h"
#include "sipcore/media/backlogtrimmer.h"
#include "sipcore/media/echoreference.h"
#include "sipcore/media/samplering.h"

#include <QAudioSink>

#include <algorithm>

namespace {

/// The sink's buffer: what the device side adds to the delay, at most.
constexpr int BufferMilliseconds = 40;
/// The engine's audio is taken 10 ms at a time; up to 30 ms may wait in the ring behind it
/// (the media thread hands over 20 ms at a time, on a clock of its own).
constexpr unsigned ChunkPerSecond = 100;
constexpr unsigned BacklogMilliseconds = 30;
/// What is kept in hand when a second's reads all left more: the media thread's jitter.
constexpr unsigned MarginMilliseconds = 5;

} // namespace

PlaybackDevice::PlaybackDevice(std::shared_ptr<sipcore::media::SampleRing> ring,
                               std::shared_ptr<sipcore::media::EchoReference> played,
                               unsigned engineRate)
    : m_ring(std::move(ring))
    , m_played(std::move(played))
    , m_engineRate(engineRate)
    , m_timer(new QTimer(this))
    , m_chunk(engineRate / ChunkPerSecond)
    , m_toneChunk(engineRate / ChunkPerSecond)
{
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(1000 / ChunkPerSecond);
    connect(m_timer, &QTimer::timeout, this, &PlaybackDevice::feed);
}

PlaybackDevice::~PlaybackDevice()
{
    stop();
}

void PlaybackDevice::start(const QAudioDevice &device)
{
    stop();
    if (device.isNull())
        return;
    const QAudioFormat format = device.preferredFormat();
    m_device = device;
    m_converter = std::make_unique<SampleConverter>(format, m_engineRate);
    m_pending.clear();
    if (m_ring)
        m_ring->discard(m_ring->size()); // whatever waited while no device played it
    // A second of reads per window; afresh with each device.
    m_trimmer = std::make_unique<sipcore::media::BacklogTrimmer>(
            ChunkPerSecond, m_engineRate * MarginMilliseconds / 1000,
            m_engineRate * BacklogMilliseconds / 1000);
    m_sink = std::make_unique<QAudioSink>(device, format);
    m_sink->setBufferSize(format.bytesForDuration(BufferMilliseconds * 1000));
    watchForFailure(m_sink.get());
    m_output = m_sink->start();
    if (!m_output) {
        fail();
        return;
    }
    feed();
    m_timer->start();
}

void PlaybackDevice::stop()
{
    m_timer->stop();
    if (m_played)
        m_played->reset();
    // Our state is cleared first: Qt's PulseAudio sink may run the event loop while it stops,
    // and a start() queued meanwhile then begins afresh. The sink goes at the top of the loop.
    std::unique_ptr<QAudioSink> sink = std::move(m_sink);
    m_output = nullptr;
    m_converter.reset();
    m_device = {};
    if (sink) {
        sink->disconnect(this);
        sink->reset(); // at once: no draining of what is still buffered
        sink.release()->deleteLater();
    }
}

void PlaybackDevice::setTone(Tone tone)
{
    using Kind = sipcore::media::AlertTone::Kind;
    if (tone == Tone::None) {
        m_tone.reset();
        return;
    }
    const Kind kind = tone == Tone::Ringback   ? Kind::Ringback
                      : tone == Tone::Ringtone ? Kind::Ringtone
                                               : Kind::CallWaiting;
    if (!m_tone || m_tone->kind() != kind)
        m_tone = std::make_unique<sipcore::media::AlertTone>(kind, m_engineRate);
}

void PlaybackDevice::feed()
{
    if (!m_output)
        return;
    const int frameBytes = std::max(1, m_converter->deviceFormat().bytesPerFrame());
    const qint64 free = m_sink->bytesFree();
    const qint64 wanted = free - free % frameBytes;
    while (m_pending.size() < wanted) {
        if (m_ring)
            m_trimmer->read(*m_ring, m_chunk);
        else
            std::fill(m_chunk.begin(), m_chunk.end(), std::int16_t(0));
        if (m_tone) {
            m_tone->fill(m_toneChunk);
            for (std::size_t i = 0; i < m_chunk.size(); ++i) {
                const int mixed = m_chunk[i] + m_toneChunk[i];
                m_chunk[i] = static_cast<std::int16_t>(std::clamp(mixed, -32768, 32767));
            }
        }
        if (m_played)
            m_played->played(m_chunk);
        m_converter->fromEngine(m_chunk, m_pending);
    }
    const qint64 written = m_output->write(m_pending.constData(), wanted);
    if (written > 0)
        m_pending.remove(0, written);
}
