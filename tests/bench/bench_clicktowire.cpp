// Click-to-wire benchmark: from the Hang Up click in a CallWindow to the CANCEL datagram leaving
// Ringback's UDP socket, for a call that is ringing. Not a test: it measures and reports, and
// fails only when a run produces no sample. docs/BENCHMARKS.md describes the method and the
// results.
//
// One process: a QApplication on the GUI thread, a Phone (its SIP core on the core thread)
// listening on 127.0.0.1, and a ScriptedUas on its own thread and socket. Each run:
//
//   GUI thread                          core thread                     ScriptedUas
//   dial ─────────────────────────────▶ INVITE ───────────────────────▶ 100, 180
//   Ringing ◀──────────────────────────  (queued status)
//   open a CallWindow, let it paint
//   t0 = CLOCK_REALTIME
//   QTest::mouseClick(Hang Up)
//     press: QAbstractButton repaints
//     release event reaches the button   (point "release")
//     release: repaint, released()       (point "released")
//     clicked() → Call::hangup ── post ─▶ Inviter::hangup
//                                         ("sending CANCEL" log, --split)
//                                         sendto(CANCEL) ───────────────▶ kernel stamps it: t1
//                                                                         200 (CANCEL), 487
//   Cancelled ◀──────────────────────── ACK
//   sample = t1 − t0
//
// t1 is the SO_TIMESTAMPNS receive timestamp of the CANCEL, CLOCK_REALTIME like t0. On
// loopback the kernel takes it inside the core thread's sendto(), so it is the moment the
// datagram left Ringback's socket, whatever the UAS thread's scheduling.
//
// The intermediate points split the sample into the press, the release and Ringback's own part
// (clicked() → wire); an event filter and a signal connection take them at next to no cost.
// With --split, Ringback's "sending CANCEL" debug log line (ringback.sip.core, written on the
// core thread just before the CANCEL is serialised and sent) is also turned on and time-stamped
// by a message handler, which splits Ringback's part into the hop to the core thread and
// core → wire. That probe adds a little work to the measured path, so split runs are reported
// apart from plain ones.

#include "latencychart.h"
#include "latencysummary.h"
#include "scripteduas.h"

#include "call.h"
#include "callwindow.h"
#include "phone.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPushButton>
#include <QSysInfo>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>

#if defined(__clang__)
#define RINGBACK_COMPILER "Clang " __clang_version__
#elif defined(__GNUC__)
#define RINGBACK_COMPILER "GCC " __VERSION__
#else
#define RINGBACK_COMPILER "unknown"
#endif

namespace {

constexpr int kStepTimeoutMs = 5000;
constexpr double kTargetP99Us = 1000;

std::int64_t realtimeNs()
{
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

double microseconds(std::int64_t nanoseconds)
{
    return static_cast<double>(nanoseconds) / 1000.0;
}

// The --split probe: the core thread's "sending CANCEL" log line, time-stamped.
bool g_split = false;
std::atomic<std::int64_t> g_coreCancelNs{0};
QtMessageHandler g_previousHandler = nullptr;

void messageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const std::int64_t now = realtimeNs();
    if (g_split && type == QtDebugMsg && context.category
        && std::strcmp(context.category, "ringback.sip.core") == 0) {
        if (message.startsWith(QLatin1String("sending CANCEL")))
            g_coreCancelNs.store(now);
        return; // the other core debug lines are not wanted on stderr
    }
    // The offscreen platform says this for every window shown; there is nothing to act on.
    if (message == QLatin1String("This plugin does not support propagateSizeHints()"))
        return;
    g_previousHandler(type, context, message);
}

/// Runs the event loop until \a done() holds, re-checking whenever \a object emits \a signal,
/// or until the step timeout. Returns done().
template<typename Object, typename Signal, typename Predicate>
bool waitFor(const Object *object, Signal signal, Predicate done)
{
    if (done())
        return true;
    QEventLoop loop;
    QObject::connect(object, signal, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(kStepTimeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return done();
}

/// The first line of \a fileName, or with \a prefix the value after the colon of the first line
/// starting with it ("model name : AMD EPYC" → "AMD EPYC"). /proc files report size 0, so the
/// file is read to its end rather than by size.
QString readFirstLine(const QString &fileName, const QString &prefix = {})
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (prefix.isEmpty())
            return line.trimmed();
        if (line.startsWith(prefix))
            return line.mid(line.indexOf(QLatin1Char(':')) + 1).trimmed();
    }
    return {};
}

/// Takes the time a mouse release reaches the object it filters, before the object handles it.
class ReleaseStamp : public QObject
{
public:
    std::int64_t nanoseconds = 0;

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::MouseButtonRelease)
            nanoseconds = realtimeNs();
        return QObject::eventFilter(watched, event);
    }
};

/// The points of one run, in nanoseconds of CLOCK_REALTIME, in the order they happen.
struct Sample
{
    std::int64_t clicked = 0;  ///< t0: just before QTest::mouseClick (press, then release)
    std::int64_t release = 0;  ///< the release event reaches the button: the press is handled
    std::int64_t released = 0; ///< QAbstractButton::released(), right before clicked() → hangup
    std::int64_t core = 0;     ///< --split: "sending CANCEL" logged on the core thread
    std::int64_t wire = 0;     ///< t1: the CANCEL's kernel timestamp
};

/// One run: dial, wait for Ringing, click Hang Up, wait for Cancelled. Returns false, with a
/// sentence in \a error, when any step fails.
bool runOnce(Phone &phone, const ScriptedUas &uas, bool split, Sample *sample, QString *error)
{
    const QString target = QStringLiteral("sip:bench@127.0.0.1:%1").arg(uas.port());
    Call *call = phone.dial(target, error);
    if (!call)
        return false;
    if (!waitFor(call, &Call::stateChanged,
                 [call] {
                     return call->state() == Call::State::Ringing
                            || call->state() == Call::State::Terminated;
                 })
        || call->state() != Call::State::Ringing) {
        *error = QStringLiteral("the call did not ring (state %1)")
                         .arg(Call::stateName(call->state()));
        return false;
    }
    const std::string callId = uas.lastInviteCallId();

    CallWindow window(call);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) {
        *error = QStringLiteral("the call window was not exposed");
        return false;
    }
    QCoreApplication::processEvents(); // let it paint before the clock starts
    auto *hangUp = window.findChild<QPushButton *>(QStringLiteral("hangUpButton"));
    if (!hangUp || !hangUp->isEnabled()) {
        *error = QStringLiteral("no enabled Hang Up button");
        return false;
    }
    // Intermediate points that cost the GUI thread next to nothing: a filter and a connection
    // made after CallWindow's own, on released(), which QAbstractButton emits just before
    // clicked().
    ReleaseStamp releaseStamp;
    hangUp->installEventFilter(&releaseStamp);
    std::int64_t releasedNs = 0;
    QObject::connect(hangUp, &QPushButton::released, &releaseStamp,
                     [&releasedNs] { releasedNs = realtimeNs(); });

    if (split)
        g_coreCancelNs.store(0);
    sample->clicked = realtimeNs();
    QTest::mouseClick(hangUp, Qt::LeftButton);

    if (!waitFor(call, &Call::stateChanged,
                 [call] { return call->state() == Call::State::Terminated; })) {
        *error = QStringLiteral("the call did not end after Hang Up");
        return false;
    }
    if (call->endReason() != Call::EndReason::Cancelled) {
        *error = QStringLiteral("the call ended as %1, not cancelled")
                         .arg(Call::endReasonName(call->endReason()));
        return false;
    }
    const auto wire = uas.cancelTimestamp(callId);
    if (!wire) {
        *error = QStringLiteral("no kernel timestamp for the CANCEL of %1")
                         .arg(QString::fromStdString(callId));
        return false;
    }
    sample->release = releaseStamp.nanoseconds;
    sample->released = releasedNs;
    sample->wire = *wire;
    sample->core = split ? g_coreCancelNs.load() : 0;
    const bool ordered
            = sample->clicked <= sample->release && sample->release <= sample->released
              && sample->released <= sample->wire
              && (!split || (sample->released <= sample->core && sample->core <= sample->wire));
    if (!ordered) {
        *error = QStringLiteral("timestamps out of order (a clock step?)");
        return false;
    }
    return true;
}

/// One reported quantity: a key for the JSON, a label for people, the samples in µs.
struct Series
{
    QString key;
    QString label;
    QList<double> values;
};

QString formatRow(const QString &name, const LatencySummary &s)
{
    return QStringLiteral("%1  %2 %3 %4 %5 %6")
            .arg(name, -40)
            .arg(s.min, 9, 'f', 1)
            .arg(s.median, 9, 'f', 1)
            .arg(s.p90, 9, 'f', 1)
            .arg(s.p99, 9, 'f', 1)
            .arg(s.max, 9, 'f', 1);
}

QJsonArray toJsonArray(const QList<double> &values)
{
    QJsonArray array;
    for (const double value : values)
        array.append(std::round(value * 1000) / 1000); // ns resolution
    return array;
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("bench_clicktowire"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Hang Up click → CANCEL datagram on the wire, for a ringing call."));
    parser.addHelpOption();
    const QCommandLineOption runsOption(QStringLiteral("runs"),
                                        QStringLiteral("Measured runs (default 300)."),
                                        QStringLiteral("n"), QStringLiteral("300"));
    const QCommandLineOption warmupOption(QStringLiteral("warmup"),
                                          QStringLiteral("Unmeasured runs first (default 20)."),
                                          QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Write samples and summary to <file>."),
                                        QStringLiteral("file"));
    const QCommandLineOption chartOption(QStringLiteral("chart"),
                                         QStringLiteral("Write a PNG chart to <file>."),
                                         QStringLiteral("file"));
    const QCommandLineOption splitOption(
            QStringLiteral("split"),
            QStringLiteral("Also time the core thread's 'sending CANCEL' log line (adds a "
                           "probe to the measured path)."));
    parser.addOptions({runsOption, warmupOption, jsonOption, chartOption, splitOption});
    parser.process(app);

    bool ok = false;
    const int runs = parser.value(runsOption).toInt(&ok);
    if (!ok || runs < 1) {
        std::fprintf(stderr, "--runs needs a positive number\n");
        return 2;
    }
    const int warmup = parser.value(warmupOption).toInt(&ok);
    if (!ok || warmup < 0) {
        std::fprintf(stderr, "--warmup needs a number ≥ 0\n");
        return 2;
    }
    const bool split = parser.isSet(splitOption);
    g_split = split;
    if (split)
        QLoggingCategory::setFilterRules(QStringLiteral("ringback.sip.core.debug=true"));
    g_previousHandler = qInstallMessageHandler(messageHandler);

    ScriptedUas uas;
    QString error;
    if (!uas.start(&error)) {
        std::fprintf(stderr, "UAS: %s\n", qPrintable(error));
        return 1;
    }

    Phone::Options options;
    options.listenHost = QStringLiteral("127.0.0.1");
    options.listenPort = 0;
    options.displayName = QStringLiteral("Bench");
    Phone phone(options);
    bool startFailed = false;
    QObject::connect(&phone, &Phone::startFailed, &phone, [&](const QString &message) {
        startFailed = true;
        error = message;
    });
    phone.start();
    if (!waitFor(&phone, &Phone::readyChanged, [&] { return phone.isReady() || startFailed; })
        || startFailed) {
        std::fprintf(stderr, "Phone did not start: %s\n", qPrintable(error));
        return 1;
    }

    const QString loadBefore = readFirstLine(QStringLiteral("/proc/loadavg"));
    const QDateTime startedAt = QDateTime::currentDateTimeUtc();
    QList<Sample> samples;
    samples.reserve(runs);
    for (int i = 0; i < warmup + runs; ++i) {
        Sample sample;
        if (!runOnce(phone, uas, split, &sample, &error)) {
            std::fprintf(stderr, "run %d of %d: %s\n", i + 1, warmup + runs, qPrintable(error));
            return 1;
        }
        if (i >= warmup)
            samples.append(sample);
    }
    const QString loadAfter = readFirstLine(QStringLiteral("/proc/loadavg"));
    if (samples.size() != runs || uas.unexpectedCount() != 0) {
        std::fprintf(stderr, "%lld samples for %d runs, %d unexpected datagrams at the UAS\n",
                     static_cast<long long>(samples.size()), runs, uas.unexpectedCount());
        return 1;
    }

    QList<Series> series{
            {QStringLiteral("clickToWire"), QStringLiteral("click → CANCEL on the wire"), {}},
            {QStringLiteral("clickToRelease"),
             QStringLiteral("  click → release event (press)"),
             {}},
            {QStringLiteral("releaseToClicked"),
             QStringLiteral("  release event → clicked() (release)"),
             {}},
            {QStringLiteral("clickedToWire"),
             QStringLiteral("  clicked() → CANCEL on the wire"),
             {}}};
    if (split) {
        series.append({QStringLiteral("clickedToCore"),
                       QStringLiteral("    clicked() → core 'sending CANCEL'"),
                       {}});
        series.append({QStringLiteral("coreToWire"),
                       QStringLiteral("    core 'sending CANCEL' → wire"),
                       {}});
    }
    for (const Sample &s : samples) {
        series[0].values.append(microseconds(s.wire - s.clicked));
        series[1].values.append(microseconds(s.release - s.clicked));
        series[2].values.append(microseconds(s.released - s.release));
        series[3].values.append(microseconds(s.wire - s.released));
        if (split) {
            series[4].values.append(microseconds(s.core - s.released));
            series[5].values.append(microseconds(s.wire - s.core));
        }
    }
    const LatencySummary total = LatencySummary::fromSamples(series[0].values);

    const QString cpu
            = readFirstLine(QStringLiteral("/proc/cpuinfo"), QStringLiteral("model name"));
    const QString buildType = QStringLiteral(RINGBACK_BUILD_TYPE);
    std::printf("bench_clicktowire: %d runs after %d warm-up, Qt %s (%s), %s build, %d CPUs (%s), "
                "kernel %s, load %s → %s%s\n",
                runs, warmup, qVersion(), qPrintable(QGuiApplication::platformName()),
                qPrintable(buildType), QThread::idealThreadCount(), qPrintable(cpu),
                qPrintable(QSysInfo::kernelVersion()), qPrintable(loadBefore.section(u' ', 0, 2)),
                qPrintable(loadAfter.section(u' ', 0, 2)), split ? ", split probe on" : "");
    std::printf("%s\n", qPrintable(QStringLiteral("%1  %2 %3 %4 %5 %6")
                                           .arg(QStringLiteral("µs"), -40)
                                           .arg(QStringLiteral("min"), 9)
                                           .arg(QStringLiteral("median"), 9)
                                           .arg(QStringLiteral("p90"), 9)
                                           .arg(QStringLiteral("p99"), 9)
                                           .arg(QStringLiteral("max"), 9)));
    for (const Series &s : series)
        std::printf("%s\n", qPrintable(formatRow(s.label, LatencySummary::fromSamples(s.values))));
    std::printf("p99 %.1f µs %s the 1 ms target\n", total.p99,
                total.p99 < kTargetP99Us ? "meets" : "MISSES");

    if (parser.isSet(jsonOption)) {
        QJsonObject samplesJson;
        QJsonObject summaryJson;
        for (const Series &s : series) {
            samplesJson.insert(s.key, toJsonArray(s.values));
            summaryJson.insert(s.key, LatencySummary::fromSamples(s.values).toJson());
        }
        const QJsonObject root{
                {QStringLiteral("benchmark"), QStringLiteral("clicktowire")},
                {QStringLiteral("description"),
                 QStringLiteral("Hang Up click (t0, CLOCK_REALTIME before QTest::mouseClick) "
                                "to the CANCEL's SO_TIMESTAMPNS loopback receive timestamp")},
                {QStringLiteral("unit"), QStringLiteral("us")},
                {QStringLiteral("quantiles"),
                 QStringLiteral("linear interpolation (numpy default)")},
                {QStringLiteral("startedAt"), startedAt.toString(Qt::ISODate)},
                {QStringLiteral("runs"), runs},
                {QStringLiteral("warmup"), warmup},
                {QStringLiteral("split"), split},
                {QStringLiteral("targetP99"), kTargetP99Us},
                {QStringLiteral("meetsTarget"), total.p99 < kTargetP99Us},
                {QStringLiteral("machine"),
                 QJsonObject{{QStringLiteral("cpu"), cpu},
                             {QStringLiteral("cpus"), QThread::idealThreadCount()},
                             {QStringLiteral("kernel"), QSysInfo::kernelVersion()},
                             {QStringLiteral("os"), QSysInfo::prettyProductName()},
                             {QStringLiteral("compiler"), QStringLiteral(RINGBACK_COMPILER)},
                             {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
                             {QStringLiteral("platform"), QGuiApplication::platformName()},
                             {QStringLiteral("buildType"), buildType},
                             {QStringLiteral("loadavgBefore"), loadBefore},
                             {QStringLiteral("loadavgAfter"), loadAfter}}},
                {QStringLiteral("summary"), summaryJson},
                {QStringLiteral("samples"), samplesJson}};
        QFile file(parser.value(jsonOption));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(QJsonDocument(root).toJson()) < 0) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
            return 1;
        }
    }

    if (parser.isSet(chartOption)) {
        LatencyChart chart;
        chart.setTitle(QStringLiteral("Ringback: Hang Up click → CANCEL on the wire"));
        chart.setSubtitle(QStringLiteral("%1 runs · %2 · %3 CPUs · Qt %4 %5 · %6 build · %7")
                                  .arg(runs)
                                  .arg(cpu)
                                  .arg(QThread::idealThreadCount())
                                  .arg(QString::fromLatin1(qVersion()),
                                       QGuiApplication::platformName(), buildType,
                                       startedAt.toString(QStringLiteral("yyyy-MM-dd"))));
        chart.addSeries({QStringLiteral("click → CANCEL on the wire (the measure)"),
                         series[0].values, QColor(21, 101, 192)});
        chart.addSeries({QStringLiteral("click → release event (Qt handles the press)"),
                         series[1].values, QColor(150, 150, 150)});
        chart.addSeries({QStringLiteral("clicked() → CANCEL on the wire (Ringback)"),
                         series[3].values, QColor(239, 108, 0)});
        chart.setTarget(kTargetP99Us, QStringLiteral("target: p99 < 1 ms"));
        if (!chart.save(parser.value(chartOption), &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
    }
    return 0;
}
