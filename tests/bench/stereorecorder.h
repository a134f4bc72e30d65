#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>

#include <chrono>
#include <cstdint>
#include <vector>

class PulseAudioServer;

/// Records a PulseAudio source as interleaved 16-bit stereo (parec) into memory, from start()
/// on, in the source's own time line. Stopped with the object. GUI thread only; the wait runs
/// the event loop.
class StereoRecorder : public QObject
{
    Q_OBJECT

public:
    ~StereoRecorder() override;

    /// Starts recording \a source of \a server at \a rate. False, with why in \a error, when
    /// parec does not start.
    bool start(const PulseAudioServer &server, const QString &source, int rate, QString *error);
    /// Stereo frames recorded so far.
    std::size_t frames() const { return m_samples.size() / 2; }
    /// Waits until \a count frames have been recorded; false on timeout or when parec ends.
    bool waitForFrames(std::size_t count, std::chrono::milliseconds timeout);
    /// The samples so far, left and right interleaved.
    const std::vector<std::int16_t> &samples() const { return m_samples; }

Q_SIGNALS:
    void recorded();

private:
    QProcess m_process;
    QByteArray m_partial;
    std::vector<std::int16_t> m_samples;
};
