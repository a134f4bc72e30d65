#pragma once

#include <QObject>
#include <QProcess>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

class PulseAudioServer;

/// Records what a PulseAudio sink plays (its monitor, through parec) as 48 kHz mono 16-bit,
/// from start() on, and finds tones in it as they come. Stopped with the object. Test thread
/// only; the waits run the event loop.
class SinkRecorder : public QObject
{
    Q_OBJECT

public:
    static constexpr int Rate = 48000;

    ~SinkRecorder() override;

    /// Starts recording \a sink of \a server. False, with why in \a error, when parec fails.
    bool start(const PulseAudioServer &server, const QString &sink, QString *error);
    /// Samples recorded so far: a mark for waitForTone().
    std::size_t size() const { return m_samples.size(); }
    /// Waits until a 100 ms window recorded after sample \a from carries \a frequency at an
    /// amplitude above \a level (Goertzel), for as long as \a timeout. The window's start, or
    /// nothing.
    std::optional<std::size_t> waitForTone(double frequency,
                                           double level,
                                           std::size_t from = 0,
                                           std::chrono::milliseconds timeout
                                           = std::chrono::seconds(20));
    /// Waits until \a count samples have been recorded, for as long as \a timeout.
    bool waitForSamples(std::size_t count,
                        std::chrono::milliseconds timeout = std::chrono::seconds(20));
    /// The amplitude of \a frequency in samples [\a begin, \a end).
    double amplitude(double frequency, std::size_t begin, std::size_t end) const;
    /// The loudest amplitude of \a frequency in any 100 ms window after \a from: for a
    /// failure's message.
    double loudest(double frequency, std::size_t from = 0) const;

Q_SIGNALS:
    void recorded();

private:
    QProcess m_process;
    QByteArray m_partial;
    std::vector<std::int16_t> m_samples;
};
