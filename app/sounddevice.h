#pragma once

#include <QAudio>
#include <QAudioDevice>
#include <QObject>

/// What CaptureDevice and PlaybackDevice share: the device in use, and what happens when Qt's
/// stream on it stops by itself. Lives on the audio thread.
class SoundDevice : public QObject
{
    Q_OBJECT

public:
    /// The device in use; null when stopped.
    QAudioDevice device() const { return m_device; }
    /// Closes the device. Safe to call again, and from within Qt's event processing.
    virtual void stop() = 0;

Q_SIGNALS:
    /// The device stopped by itself (unplugged, or taken away): \a device is closed.
    void failed(const QAudioDevice &device);

protected:
    /// Watches \a stream (the QAudioSource or QAudioSink opened on m_device): when it stops
    /// with an error, this stops and emits failed() from the event loop, not from within the
    /// stream's own signal (stopping deletes it), unless another device was started meanwhile.
    template<class Stream>
    void watchForFailure(Stream *stream)
    {
        connect(stream, &Stream::stateChanged, this, [this, stream](QAudio::State state) {
            if (state != QAudio::StoppedState || stream->error() == QAudio::NoError)
                return;
            QMetaObject::invokeMethod(
                    this,
                    [this, lost = m_device] {
                        if (m_device == lost)
                            fail();
                    },
                    Qt::QueuedConnection);
        });
    }
    /// Stops, then emits failed() for the device that was open.
    void fail();

    QAudioDevice m_device;
};
