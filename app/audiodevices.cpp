#include "audiodevices.h"

#include "capturedevice.h"
#include "playbackdevice.h"

#include "sipcore/media/echoreference.h"
#include "sipcore/media/samplering.h"

#include <QMediaDevices>
#include <QTimer>

namespace {

/// How far the echo canceller's reference runs ahead of what the microphone captures, at a
/// realignment (two of the speaker's 10 ms chunks: it is handed them in bursts), and the most
/// it may drift to before it is realigned (EchoReference).
constexpr unsigned EchoLeadMilliseconds = 20;
constexpr unsigned EchoMaxLeadMilliseconds = 80;

int index(AudioDevices::Role role)
{
    return static_cast<int>(role);
}

} // namespace

AudioDevices::AudioDevices(unsigned engineRate, QObject *parent)
    : QObject(parent)
    , m_mediaDevices(new QMediaDevices(this))
    , m_poll(new QTimer(this))
    , m_captureRing(std::make_shared<sipcore::media::SampleRing>(engineRate))
    , m_playbackRing(std::make_shared<sipcore::media::SampleRing>(engineRate / 2))
    , m_played(std::make_shared<sipcore::media::EchoReference>(
              engineRate * EchoLeadMilliseconds / 1000,
              engineRate * EchoMaxLeadMilliseconds / 1000))
    , m_microphone(new CaptureDevice(m_captureRing, m_played, engineRate))
    , m_speaker(new PlaybackDevice(m_playbackRing, m_played, engineRate))
    , m_ringer(new PlaybackDevice(nullptr, nullptr, engineRate))
{
    m_thread.setObjectName(QStringLiteral("ringback-audio"));
    for (QObject *worker : {static_cast<QObject *>(m_microphone), static_cast<QObject *>(m_speaker),
                            static_cast<QObject *>(m_ringer)}) {
        worker->moveToThread(&m_thread);
        // Destroyed on the audio thread as it finishes, closing their devices there.
        connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    }
    connect(m_microphone, &CaptureDevice::failed, this,
            [this](const QAudioDevice &device) { onFailed(Role::Microphone, device); });
    connect(m_speaker, &PlaybackDevice::failed, this,
            [this](const QAudioDevice &device) { onFailed(Role::Speaker, device); });
    connect(m_ringer, &PlaybackDevice::failed, this,
            [this](const QAudioDevice &device) { onFailed(Role::Ringer, device); });
    connect(m_mediaDevices, &QMediaDevices::audioInputsChanged, this,
            &AudioDevices::devicesChanged);
    connect(m_mediaDevices, &QMediaDevices::audioOutputsChanged, this,
            &AudioDevices::devicesChanged);
    m_snapshot = snapshot();
    m_poll->setInterval(std::chrono::seconds(1));
    connect(m_poll, &QTimer::timeout, this, &AudioDevices::devicesChanged);
    m_poll->start();
    m_thread.start(QThread::TimeCriticalPriority);
}

void AudioDevices::setCaptureReadyHandler(std::function<void()> ready, std::size_t frameSamples)
{
    QMetaObject::invokeMethod(
            m_microphone,
            [microphone = m_microphone, ready = std::move(ready), frameSamples]() mutable {
                microphone->setReadyHandler(std::move(ready), frameSamples);
            },
            Qt::QueuedConnection);
}

AudioDevices::~AudioDevices()
{
    // The devices close on their own thread, which then ends; what they leave to deleteLater
    // and the workers themselves go as it finishes.
    QMetaObject::invokeMethod(
            m_microphone,
            [microphone = m_microphone, speaker = m_speaker, ringer = m_ringer] {
                microphone->stop();
                speaker->stop();
                ringer->stop();
                QThread::currentThread()->quit();
            },
            Qt::QueuedConnection);
    m_thread.wait();
}

QStringList AudioDevices::snapshot()
{
    QStringList out;
    for (const auto &list : {QMediaDevices::audioInputs(), QMediaDevices::audioOutputs()}) {
        for (const QAudioDevice &device : list)
            out.append(QString::fromUtf8(device.id()) + (device.isDefault() ? u'*' : u' '));
        out.append(QString());
    }
    return out;
}

void AudioDevices::devicesChanged()
{
    QStringList now = snapshot();
    if (now == m_snapshot)
        return;
    m_snapshot = std::move(now);
    for (QByteArray &failed : m_failed)
        failed.clear();
    update();
    Q_EMIT changed();
}

QString AudioDevices::roleName(Role role)
{
    switch (role) {
    case Role::Microphone:
        return QStringLiteral("microphone");
    case Role::Speaker:
        return QStringLiteral("speaker");
    case Role::Ringer:
        return QStringLiteral("ringer");
    }
    return {};
}

QList<AudioDevices::Device> AudioDevices::devices(Role role) const
{
    const QList<QAudioDevice> found = role == Role::Microphone ? QMediaDevices::audioInputs()
                                                               : QMediaDevices::audioOutputs();
    QList<Device> out;
    for (const QAudioDevice &device : found)
        out.append({QString::fromUtf8(device.id()), device.description(), device.isDefault()});
    return out;
}

QString AudioDevices::choice(Role role) const
{
    return m_choice[index(role)];
}

void AudioDevices::choose(Role role, const QString &id)
{
    if (m_choice[index(role)] == id)
        return;
    m_choice[index(role)] = id;
    m_failed[index(role)].clear();
    update();
    Q_EMIT choiceChanged(role, id);
    Q_EMIT changed();
}

QString AudioDevices::current(Role role) const
{
    return QString::fromUtf8(resolve(role).id());
}

bool AudioDevices::isOpen(Role role) const
{
    return !m_open[index(role)].isNull();
}

void AudioDevices::useForCalls(bool microphone, bool speaker)
{
    m_callsUseMicrophone = microphone;
    m_callsUseSpeaker = speaker;
    if (update())
        Q_EMIT changed();
}

void AudioDevices::setStreaming(bool on)
{
    m_streaming = on;
    if (update())
        Q_EMIT changed();
}

void AudioDevices::setRingtone(bool on)
{
    if (m_ringtone == on)
        return;
    m_ringtone = on;
    const auto tone = on ? PlaybackDevice::Tone::Ringtone : PlaybackDevice::Tone::None;
    QMetaObject::invokeMethod(
            m_ringer, [ringer = m_ringer, tone] { ringer->setTone(tone); }, Qt::QueuedConnection);
    if (update())
        Q_EMIT changed();
}

void AudioDevices::setRingbackTone(bool on)
{
    if (m_ringbackTone == on)
        return;
    m_ringbackTone = on;
    updateSpeakerTone();
}

void AudioDevices::setCallWaitingTone(bool on)
{
    if (m_callWaitingTone == on)
        return;
    m_callWaitingTone = on;
    updateSpeakerTone();
}

void AudioDevices::updateSpeakerTone()
{
    using Tone = PlaybackDevice::Tone;
    const Tone tone = m_ringbackTone      ? Tone::Ringback
                      : m_callWaitingTone ? Tone::CallWaiting
                                          : Tone::None;
    QMetaObject::invokeMethod(
            m_speaker, [speaker = m_speaker, tone] { speaker->setTone(tone); },
            Qt::QueuedConnection);
    if (update())
        Q_EMIT changed();
}

QAudioDevice AudioDevices::resolve(Role role) const
{
    const QList<QAudioDevice> found = role == Role::Microphone ? QMediaDevices::audioInputs()
                                                               : QMediaDevices::audioOutputs();
    const QByteArray chosen = m_choice[index(role)].toUtf8();
    const QByteArray &failed = m_failed[index(role)];
    if (!chosen.isEmpty()) {
        for (const QAudioDevice &device : found) {
            if (device.id() == chosen && device.id() != failed)
                return device;
        }
    }
    for (const QAudioDevice &device : found) {
        if (device.isDefault() && device.id() != failed)
            return device;
    }
    // No default (PulseAudio may mark none): the first there is.
    for (const QAudioDevice &device : found) {
        if (device.id() != failed)
            return device;
    }
    return {};
}

void AudioDevices::onFailed(Role role, const QAudioDevice &device)
{
    if (m_open[index(role)] != device)
        return; // already moved on
    m_open[index(role)] = {};
    m_failed[index(role)] = device.id();
    update();
    Q_EMIT changed();
}

bool AudioDevices::update()
{
    const bool wanted[3] = {
            m_streaming && m_callsUseMicrophone,
            (m_streaming && m_callsUseSpeaker) || m_ringbackTone || m_callWaitingTone, m_ringtone};
    bool moved = false;
    for (Role role : {Role::Microphone, Role::Speaker, Role::Ringer}) {
        const QAudioDevice target = wanted[index(role)] ? resolve(role) : QAudioDevice();
        QAudioDevice &open = m_open[index(role)];
        if (target == open)
            continue;
        open = target;
        moved = true;
        if (role == Role::Microphone) {
            QMetaObject::invokeMethod(
                    m_microphone,
                    [microphone = m_microphone, target] { microphone->start(target); },
                    Qt::QueuedConnection);
        } else {
            PlaybackDevice *device = role == Role::Speaker ? m_speaker : m_ringer;
            QMetaObject::invokeMethod(
                    device, [device, target] { device->start(target); }, Qt::QueuedConnection);
        }
    }
    return moved;
}
