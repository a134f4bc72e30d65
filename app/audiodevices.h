#pragma once

#include <QAudioDevice>
#include <QList>
#include <QObject>
#include <QString>
#include <QThread>

#include <functional>
#include <memory>

class CaptureDevice;
class PlaybackDevice;
class QMediaDevices;
class QTimer;
namespace sipcore::media {
class EchoReference;
class SampleRing;
} // namespace sipcore::media

/// The sound devices, through Qt Multimedia: the microphone and the speaker that calls use,
/// and the ringer on which incoming calls ring. They run on an audio thread of their own and
/// exchange audio with the media engine through two lock-free rings (captureRing(),
/// playbackRing()); neither the GUI nor SIP ever waits on them. The capture ring carries each
/// microphone sample followed by the one the speaker played alongside it, the echo canceller's
/// reference (RingAudioSource::Layout::CapturedWithPlayed).
///
/// Each role follows the device chosen for it, or the system's default when none is chosen
/// or the chosen one is not there; devices plugged in or out are followed, during a call too,
/// without touching the call. (Qt 6.4's PulseAudio backend keeps QMediaDevices' lists up to
/// date but signals only some changes, and no removal: the lists are also compared once a
/// second, which reads Qt's copy and costs no call to the server.) The microphone and speaker are
/// open only while the media engine runs (setStreaming()), the speaker also while the ringback tone
/// plays, and the ringer while the ringtone plays. Lives on the GUI thread.
class AudioDevices : public QObject
{
    Q_OBJECT

public:
    enum class Role { Microphone, Speaker, Ringer };
    Q_ENUM(Role)
    struct Device
    {
        QString id;
        QString name;
        bool isDefault = false;
    };

    /// \a engineRate: the rate of the rings' audio (16-bit; pairs in the capture ring).
    explicit AudioDevices(unsigned engineRate, QObject *parent = nullptr);
    ~AudioDevices() override;

    std::shared_ptr<sipcore::media::SampleRing> captureRing() const { return m_captureRing; }
    std::shared_ptr<sipcore::media::SampleRing> playbackRing() const { return m_playbackRing; }

    /// The microphones (Role::Microphone) or the outputs (Speaker, Ringer) there are now.
    QList<Device> devices(Role role) const;
    /// The id chosen for \a role; empty: the system's default.
    QString choice(Role role) const;
    /// Chooses the device with \a id for \a role (empty: the system's default), and moves to
    /// it at once if it is open. A device that is not there now is used once it is plugged in.
    void choose(Role role, const QString &id);
    /// The id of the device \a role uses now (open or not); empty when there is none.
    QString current(Role role) const;
    /// Whether \a role's device is open.
    bool isOpen(Role role) const;

    /// \a ready is called on the audio thread each time the microphone has written audio and
    /// the capture ring holds at least \a frameSamples: the media engine's pacing
    /// (MediaEngine::sourceReadyHandler()). None until set.
    void setCaptureReadyHandler(std::function<void()> ready, std::size_t frameSamples);
    /// Which of the microphone and speaker the media engine uses (not where files replace
    /// them); both until told otherwise.
    void useForCalls(bool microphone, bool speaker);
    /// The media engine's clock started or stopped: the microphone and speaker it uses open
    /// or close.
    void setStreaming(bool on);
    /// Whether the ringer plays the ringtone (an incoming call rings).
    void setRingtone(bool on);
    /// Whether the speaker plays the ringback tone (an outgoing call rings, without early
    /// media).
    void setRingbackTone(bool on);
    /// Whether the speaker plays the call-waiting tone (an incoming call rings while another
    /// one talks); the ringback tone goes first when both are asked for.
    void setCallWaitingTone(bool on);

    static QString roleName(Role role);

Q_SIGNALS:
    /// The devices there are, the ones in use, or which of them are open changed.
    void changed();
    /// \a role's choice changed (choose()): to be saved.
    void choiceChanged(AudioDevices::Role role, const QString &id);

private:
    QAudioDevice resolve(Role role) const;
    /// The devices there are (and which is default), to tell when they change.
    static QStringList snapshot();
    void devicesChanged();
    void onFailed(Role role, const QAudioDevice &device);
    /// Opens, moves or closes each role's device to match what is wanted and available;
    /// returns whether any did.
    bool update();
    /// Tells the speaker the tone it mixes in now, and opens or closes it to match.
    void updateSpeakerTone();

    QThread m_thread;
    QMediaDevices *m_mediaDevices;
    QTimer *m_poll;
    QStringList m_snapshot;
    std::shared_ptr<sipcore::media::SampleRing> m_captureRing;
    std::shared_ptr<sipcore::media::SampleRing> m_playbackRing;
    /// Used on m_thread only, by the microphone and the speaker.
    std::shared_ptr<sipcore::media::EchoReference> m_played;
    // Live on m_thread; reached through queued invocations only.
    CaptureDevice *m_microphone;
    PlaybackDevice *m_speaker;
    PlaybackDevice *m_ringer;
    QString m_choice[3];
    /// What each role was last told to open (null: closed), as seen from this thread.
    QAudioDevice m_open[3];
    /// A device that stopped by itself, passed over until the devices change.
    QByteArray m_failed[3];
    bool m_callsUseMicrophone = true;
    bool m_callsUseSpeaker = true;
    bool m_streaming = false;
    bool m_ringtone = false;
    bool m_ringbackTone = false;
    bool m_callWaitingTone = false;
};
