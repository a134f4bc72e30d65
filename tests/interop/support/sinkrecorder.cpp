#include "interop/support/sinkrecorder.h"

#include "interop/support/pulseaudioserver.h"
#include "sipcore/support/tonelevel.h"

#include <QEventLoop>
#include <QTimer>
#include <QtEndian>

namespace {

constexpr std::size_t Window = SinkRecorder::Rate / 10;

} // namespace

SinkRecorder::~SinkRecorder()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool SinkRecorder::start(const PulseAudioServer &server, const QString &sink, QString *error)
{
    m_process.setProcessEnvironment(server.clientEnvironment());
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] {
        m_partial.append(m_process.readAllStandardOutput());
        const qsizetype whole = m_partial.size() / 2;
        for (qsizetype i = 0; i < whole; ++i)
            m_samples.push_back(qFromLittleEndian<qint16>(m_partial.constData() + 2 * i));
        m_partial.remove(0, whole * 2);
        Q_EMIT recorded();
    });
    // A short latency, so that parec hands over what it has every 20 ms.
    m_process.start(QStringLiteral("parec"),
                    {QStringLiteral("--device=") + sink + QStringLiteral(".monitor"),
                     QStringLiteral("--format=s16le"), QStringLiteral("--rate=%1").arg(Rate),
                     QStringLiteral("--channels=1"), QStringLiteral("--raw"),
                     QStringLiteral("--latency-msec=20")});
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("parec did not start: %1").arg(m_process.errorString());
        return false;
    }
    return true;
}

double SinkRecorder::amplitude(double frequency, std::size_t begin, std::size_t end) const
{
    end = std::min(end, m_samples.size());
    if (end <= begin)
        return 0;
    return tonelevel::amplitude(std::span(m_samples).subspan(begin, end - begin), frequency, Rate);
}

double SinkRecorder::loudest(double frequency, std::size_t from) const
{
    double best = 0;
    for (std::size_t at = from; at + Window <= m_samples.size(); at += Window / 2)
        best = std::max(best, amplitude(frequency, at, at + Window));
    return best;
}

std::optional<std::size_t> SinkRecorder::waitForTone(double frequency,
                                                     double level,
                                                     std::size_t from,
                                                     std::chrono::milliseconds timeout)
{
    std::size_t next = from;
    const auto scan = [&]() -> std::optional<std::size_t> {
        for (; next + Window <= m_samples.size(); next += Window / 2) {
            if (amplitude(frequency, next, next + Window) > level)
                return next;
        }
        return std::nullopt;
    };
    if (auto found = scan())
        return found;
    QEventLoop loop;
    std::optional<std::size_t> found;
    connect(this, &SinkRecorder::recorded, &loop, [&] {
        found = scan();
        if (found)
            loop.quit();
    });
    connect(&m_process, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    loop.exec();
    return found;
}

bool SinkRecorder::waitForSamples(std::size_t count, std::chrono::milliseconds timeout)
{
    if (m_samples.size() >= count)
        return true;
    QEventLoop loop;
    connect(this, &SinkRecorder::recorded, &loop, [&] {
        if (m_samples.size() >= count)
            loop.quit();
    });
    connect(&m_process, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    loop.exec();
    return m_samples.size() >= count;
}
