#pragma once

#include "sounddevice.h"

#include <QAudioDevice>
#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <cstdint>
#include <memory>
#include <vector>

class QAudioSink;
class SampleConverter;
namespace sipcore::media {
class AlertTone;
class BacklogTrimmer;
class EchoReference;
class SampleRing;
} // namespace sipcore::media

/// A loudspeaker: a QAudioSink opened in the device's preferred format on the thread this
/// object lives in (the audio thread). Every 10 ms it tops the sink's buffer up with the
/// engine's playout out of \a ring (when there is one), the alert tone set by setTone() mixed
/// in, converted to the device's format. It never runs dry: what is missing is silence, so the
/// device plays on at its own pace, and what stays in the ring for a whole second beyond a few
/// milliseconds is dropped (BacklogTrimmer), so neither the two clocks' drift nor a late tick
/// adds lasting delay. Every function runs on the audio thread.
class PlaybackDevice : public SoundDevice
{
    Q_OBJECT

public:
    /// What is mixed in: nothing, the ringback tone, the ringtone or the call-waiting tone
    /// (AlertTone).
    enum class Tone { None, Ringback, Ringtone, CallWaiting };

    /// \a ring: the engine's playout (mono 16-bit at \a engineRate), or null for a device
    /// that only plays tones (the ringer). \a played, when not null, hears everything handed
    /// to the device, tones included, as the echo canceller's reference.
    PlaybackDevice(std::shared_ptr<sipcore::media::SampleRing> ring,
                   std::shared_ptr<sipcore::media::EchoReference> played,
                   unsigned engineRate);
    ~PlaybackDevice() override;

    /// Plays on \a device from now on (the one before is closed); a null device stops.
    void start(const QAudioDevice &device);
    void stop() override;
    /// The tone to mix in from now on; it starts with a burst when it changes.
    void setTone(Tone tone);

private:
    /// Writes as much as the sink has room for.
    void feed();

    std::shared_ptr<sipcore::media::SampleRing> m_ring;
    std::shared_ptr<sipcore::media::EchoReference> m_played;
    unsigned m_engineRate;
    std::unique_ptr<QAudioSink> m_sink;
    QIODevice *m_output = nullptr; ///< m_sink's, valid while it runs
    QTimer *m_timer; ///< a child, so that it moves to the audio thread with this object
    std::unique_ptr<SampleConverter> m_converter;
    std::unique_ptr<sipcore::media::AlertTone> m_tone;
    std::vector<std::int16_t> m_chunk;
    std::unique_ptr<sipcore::media::BacklogTrimmer> m_trimmer; ///< reads m_ring
    std::vector<std::int16_t> m_toneChunk;
    QByteArray m_pending; ///< converted, not yet written to the sink
};
