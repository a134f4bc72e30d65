#include "capturedevice.h"

#include "sampleconverter.h"

#include "sipcore/media/echoreference.h"
#include "sipcore/media/samplering.h"

#include <QAudioSource>

namespace {

/// How much the device hands over at a time: 10 ms, which is also the most capture adds to
/// the delay before the media thread can take it.
constexpr int PeriodMilliseconds = 10;

} // namespace

CaptureDevice::CaptureDevice(std::shared_ptr<sipcore::media::SampleRing> ring,
                             std::shared_ptr<sipcore::media::EchoReference> played,
                             unsigned engineRate)
    : m_ring(std::move(ring))
    , m_played(std::move(played))
    , m_engineRate(engineRate)
{}

CaptureDevice::~CaptureDevice()
{
    stop();
}

void CaptureDevice::start(const QAudioDevice &device)
{
    stop();
    if (device.isNull())
        return;
    // Qt 6.4 on PulseAudio does not convert: the device's own format, converted here.
    const QAudioFormat format = device.preferredFormat();
    m_device = device;
    m_converter = std::make_unique<SampleConverter>(format, m_engineRate);
    m_source = std::make_unique<QAudioSource>(device, format);
    m_source->setBufferSize(format.bytesForDuration(PeriodMilliseconds * 1000));
    watchForFailure(m_source.get());
    m_input = m_source->start();
    if (!m_input) {
        fail();
        return;
    }
    connect(m_input, &QIODevice::readyRead, this, &CaptureDevice::readAvailable);
}

void CaptureDevice::stop()
{
    // Our state is cleared first: Qt's PulseAudio source may run the event loop while it
    // stops, and a start() queued meanwhile then begins afresh. The source goes at the top of
    // the loop.
    std::unique_ptr<QAudioSource> source = std::move(m_source);
    if (m_played)
        m_played->reset();
    if (m_input)
        m_input->disconnect(this);
    m_input = nullptr;
    m_converter.reset();
    m_device = {};
    if (source) {
        source->disconnect(this);
        source->reset();
        source.release()->deleteLater();
    }
}

void CaptureDevice::readAvailable()
{
    if (!m_input)
        return;
    const QByteArray bytes = m_input->readAll();
    m_samples.clear();
    m_converter->toEngine(bytes, m_samples);
    if (m_played) {
        m_reference.resize(m_samples.size());
        m_played->take(m_reference);
        m_pairs.resize(2 * m_samples.size());
        for (std::size_t i = 0; i < m_samples.size(); ++i) {
            m_pairs[2 * i] = m_samples[i];
            m_pairs[2 * i + 1] = m_reference[i];
        }
    }
    m_ring->write(m_played ? m_pairs : m_samples);
    const std::size_t perSample = m_played ? 2 : 1;
    if (m_ready && m_ring->size() >= perSample * m_frameSamples)
        m_ready();
}

void CaptureDevice::setReadyHandler(std::function<void()> ready, std::size_t frameSamples)
{
    m_ready = std::move(ready);
    m_frameSamples = frameSamples;
}
