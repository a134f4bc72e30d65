#include "stereorecorder.h"

#include "interop/support/pulseaudioserver.h"

#include <QEventLoop>
#include <QTimer>
#include <QtEndian>

StereoRecorder::~StereoRecorder()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool StereoRecorder::start(const PulseAudioServer &server,
                           const QString &source,
                           int rate,
                           QString *error)
{
    m_process.setProcessEnvironment(server.clientEnvironment());
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] {
        m_partial.append(m_process.readAllStandardOutput());
        const qsizetype whole = m_partial.size() / 4 * 2; // whole frames, in samples
        for (qsizetype i = 0; i < whole; ++i)
            m_samples.push_back(qFromLittleEndian<qint16>(m_partial.constData() + 2 * i));
        m_partial.remove(0, whole * 2);
        Q_EMIT recorded();
    });
    m_process.start(QStringLiteral("parec"),
                    {QStringLiteral("--device=") + source, QStringLiteral("--format=s16le"),
                     QStringLiteral("--rate=%1").arg(rate), QStringLiteral("--channels=2"),
                     QStringLiteral("--raw"), QStringLiteral("--latency-msec=20")});
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("parec did not start: %1").arg(m_process.errorString());
        return false;
    }
    return true;
}

bool StereoRecorder::waitForFrames(std::size_t count, std::chrono::milliseconds timeout)
{
    if (frames() >= count)
        return true;
    QEventLoop loop;
    connect(this, &StereoRecorder::recorded, &loop, [&] {
        if (frames() >= count)
            loop.quit();
    });
    connect(&m_process, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    loop.exec();
    return frames() >= count;
}
