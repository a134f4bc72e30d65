#include "interop/support/headlessringback.h"

#include "interop/support/launch.h"
#include "interop/support/reporttext.h"
#include "interop/support/sippprocess.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTest>
#include <QTimer>

using interop::tail;

namespace {

constexpr qsizetype ReportedStandardErrorChars = 40000;

} // namespace

HeadlessRingback::HeadlessRingback(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("ringback.*.debug=true"));
    environment.insert(QStringLiteral("PULSE_SERVER"),
                       m_options.pulseServer.isEmpty() ? QStringLiteral(
                               "unix:/nonexistent/ringback-tests-use-no-sound-server")
                                                       : m_options.pulseServer);
    m_process.setProcessEnvironment(environment);
    m_process.setWorkingDirectory(m_configDirectory.path());
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &HeadlessRingback::readEvents);
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { m_standardError.append(m_process.readAllStandardError()); });
}

HeadlessRingback::~HeadlessRingback()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool HeadlessRingback::start(QString *error, std::chrono::milliseconds timeout)
{
    if (!m_configDirectory.isValid()) {
        *error = QStringLiteral("cannot make a temporary config directory: %1")
                         .arg(m_configDirectory.errorString());
        return false;
    }
    const std::pair<QString, QString> files[]
            = {{QStringLiteral("accounts.ini"), m_options.accounts},
               {QStringLiteral("ringback.ini"), m_options.settings}};
    for (const auto &[name, text] : files) {
        if (text.isEmpty())
            continue;
        QFile file(m_configDirectory.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0
            || !file.setPermissions(QFile::ReadOwner | QFile::WriteOwner)) {
            *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
            return false;
        }
    }
    QStringList arguments{QStringLiteral("--headless"), QStringLiteral("--sip-listen"),
                          QStringLiteral("127.0.0.1:0"), QStringLiteral("--config"),
                          m_configDirectory.path()};
    arguments += m_options.extraArguments;
    interop::startThrough(m_process, m_options.launcher, m_options.program, arguments);
    const auto ready = waitForEvent(eventNamed(QStringLiteral("ready")), timeout);
    if (!ready) {
        *error = QStringLiteral("Ringback did not report \"ready\":\n") + report();
        return false;
    }
    m_sipAddress = ready->value(QLatin1String("sip")).toString();
    return true;
}

void HeadlessRingback::send(const QString &commands)
{
    m_process.write(commands.toUtf8() + '\n');
}

std::optional<QJsonObject> HeadlessRingback::pollMedia(const Predicate &done)
{
    std::optional<QJsonObject> figures;
    QDeadlineTimer deadline(std::chrono::seconds(30));
    while (!deadline.hasExpired()) {
        send(QStringLiteral("media"));
        figures = waitForEvent(eventNamed(QStringLiteral("media")));
        if (!figures || done(*figures))
            break;
        QTest::qWait(100);
    }
    return figures;
}

QJsonObject HeadlessRingback::media()
{
    send(QStringLiteral("media"));
    return waitForEvent(eventNamed(QStringLiteral("media"))).value_or(QJsonObject());
}

std::optional<QJsonObject> HeadlessRingback::waitForEvent(const Predicate &predicate,
                                                          std::chrono::milliseconds timeout)
{
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(this, &HeadlessRingback::eventReceived, &loop, &QEventLoop::quit);
    connect(this, &HeadlessRingback::waitsInterrupted, &loop, &QEventLoop::quit);
    connect(&m_process, &QProcess::finished, &loop, &QEventLoop::quit);
    connect(&m_process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    deadline.start(timeout);
    qsizetype scanned = m_nextEvent; // a wait that fails consumes nothing
    for (;;) {
        for (; scanned < m_events.size(); ++scanned) {
            if (predicate(m_events.at(scanned))) {
                m_nextEvent = scanned + 1;
                return m_events.at(scanned);
            }
        }
        if (m_process.state() == QProcess::NotRunning) {
            readEvents(); // what it wrote just before it exited
            if (scanned < m_events.size())
                continue;
            return std::nullopt;
        }
        if (m_interrupted || !deadline.isActive())
            return std::nullopt;
        loop.exec();
    }
}

void HeadlessRingback::interruptWaits()
{
    m_interrupted = true;
    Q_EMIT waitsInterrupted();
}

void HeadlessRingback::interruptWaitsWhenFails(SippProcess &peer)
{
    connect(&peer, &SippProcess::finished, this, [this](int exitCode) {
        if (exitCode != 0)
            interruptWaits();
    });
}

std::optional<QJsonObject> HeadlessRingback::callEcho(std::chrono::milliseconds timeout)
{
    QDeadlineTimer deadline(timeout);
    while (!deadline.hasExpired()) {
        send(QStringLiteral("call echo"));
        const auto outcome = waitForEvent([](const QJsonObject &event) {
            return event.value(QLatin1String("event")).toString() == QLatin1String("error")
                   || event.value(QLatin1String("state")).toString() == QLatin1String("connected")
                   || event.value(QLatin1String("state")).toString() == QLatin1String("terminated");
        });
        if (!outcome)
            return std::nullopt;
        if (outcome->value(QLatin1String("state")).toString() == QLatin1String("connected"))
            return outcome;
        QTest::qWait(100);
    }
    return std::nullopt;
}

bool HeadlessRingback::quit(QString *error, std::chrono::milliseconds timeout)
{
    if (m_process.state() != QProcess::NotRunning)
        send(QStringLiteral("quit"));
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(&m_process, &QProcess::finished, &loop, &QEventLoop::quit);
    deadline.start(timeout);
    while (m_process.state() != QProcess::NotRunning && deadline.isActive())
        loop.exec();
    if (m_process.state() != QProcess::NotRunning) {
        *error = QStringLiteral("Ringback did not exit after \"quit\":\n") + report();
        return false;
    }
    if (m_process.exitStatus() != QProcess::NormalExit || m_process.exitCode() != 0) {
        *error = QStringLiteral("Ringback did not exit cleanly after \"quit\":\n") + report();
        return false;
    }
    return true;
}

QString HeadlessRingback::errors() const
{
    QString errors;
    for (const QJsonObject &event : m_events) {
        const QString name = event.value(QLatin1String("event")).toString();
        if (name == QLatin1String("error"))
            errors += QStringLiteral("error: ") + event.value(QLatin1String("message")).toString()
                      + u'\n';
        else if (name == QLatin1String("unparsable"))
            errors += QStringLiteral("not JSON: ") + event.value(QLatin1String("line")).toString()
                      + u'\n';
    }
    return errors;
}

QString HeadlessRingback::report() const
{
    const QString status = interop::processStatus(
            m_process, QStringLiteral("exited with code %1").arg(m_process.exitCode()));
    QString events;
    for (const QJsonObject &event : m_events)
        events += QString::fromUtf8(QJsonDocument(event).toJson(QJsonDocument::Compact)) + u'\n';
    return QStringLiteral("==== %1 %2: %3\n"
                          "---- Ringback events:\n%4"
                          "---- Ringback stderr:\n%5\n")
            .arg(m_process.program(), m_process.arguments().join(u' '), status,
                 events.isEmpty() ? QStringLiteral("(none)\n") : events,
                 tail(QString::fromUtf8(m_standardError).trimmed(), ReportedStandardErrorChars));
}

HeadlessRingback::Predicate HeadlessRingback::callState(const QString &state)
{
    return [state](const QJsonObject &event) {
        return event.value(QLatin1String("event")).toString() == QLatin1String("call")
               && event.value(QLatin1String("state")).toString() == state;
    };
}

HeadlessRingback::Predicate HeadlessRingback::eventNamed(const QString &name)
{
    return [name](const QJsonObject &event) {
        return event.value(QLatin1String("event")).toString() == name;
    };
}

void HeadlessRingback::readEvents()
{
    m_pending.append(m_process.readAllStandardOutput());
    qsizetype newline;
    while ((newline = m_pending.indexOf('\n')) >= 0) {
        const QByteArray line = m_pending.left(newline).trimmed();
        m_pending.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
        QJsonObject event = document.object();
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            event = QJsonObject{{QStringLiteral("event"), QStringLiteral("unparsable")},
                                {QStringLiteral("line"), QString::fromUtf8(line)}};
        }
        m_events.append(event);
        Q_EMIT eventReceived(event);
    }
}
