#pragma once

#include "sounddevice.h"

#include <QAudioDevice>
#include <QObject>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

class QAudioSource;
class QIODevice;
class SampleConverter;
namespace sipcore::media {
class EchoReference;
class SampleRing;
} // namespace sipcore::media

/// The microphone: a QAudioSource opened in the device's preferred format on the thread this
/// object lives in (the audio thread), its audio converted to the engine's format and written
/// to \a ring for the media thread. With \a played, each sample is followed by the one the
/// speaker played alongside it (RingAudioSource::Layout::CapturedWithPlayed); without, the
/// ring carries the microphone alone. Every function runs on the audio thread.
class CaptureDevice : public SoundDevice
{
    Q_OBJECT

public:
    /// \a engineRate: the rate the ring carries (16-bit; pairs with \a played).
    CaptureDevice(std::shared_ptr<sipcore::media::SampleRing> ring,
                  std::shared_ptr<sipcore::media::EchoReference> played,
                  unsigned engineRate);
    ~CaptureDevice() override;

    /// \a ready is called each time audio has been written and the ring holds at least
    /// \a frameSamples samples or pairs (a whole frame for the media engine); none when empty.
    void setReadyHandler(std::function<void()> ready, std::size_t frameSamples);
    /// Captures from \a device from now on (the one before is closed); a null device stops.
    void start(const QAudioDevice &device);
    void stop() override;

private:
    void readAvailable();

    std::shared_ptr<sipcore::media::SampleRing> m_ring;
    std::shared_ptr<sipcore::media::EchoReference> m_played;
    unsigned m_engineRate;
    std::unique_ptr<QAudioSource> m_source;
    QIODevice *m_input = nullptr; ///< m_source's, valid while it runs
    std::unique_ptr<SampleConverter> m_converter;
    std::vector<std::int16_t> m_samples;
    std::vector<std::int16_t> m_reference; ///< played alongside m_samples
    std::vector<std::int16_t> m_pairs;
    std::function<void()> m_ready;
    std::size_t m_frameSamples = 0;
};
