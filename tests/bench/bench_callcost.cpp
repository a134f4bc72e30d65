// Call cost benchmark (issue 6, item 10): the processor time a call takes, as a share of one
// core, and the resident memory of a softphone idle and in a call, for Ringback, baresip and
// linphonec in one run, with G.711 µ-law and with Opus. Not a test: it measures and reports,
// and fails only when a call cannot be made. docs/BENCHMARKS.md describes the method and the
// results.
//
// Each softphone calls one of its own kind on the loopback; both play a tone from a file (or,
// for baresip, its sine source) and write what they hear to a file, so no sound server plays a
// part and each does the same work: encode, packetise, send; receive, jitter-buffer, decode.
// The callee is measured:
//
//   idle       VmRSS once it is ready to take calls (and a settling pause)
//   in a call  utime + stime (/proc/PID/stat) over the window, ÷ the window's wall time;
//              VmRSS at the window's end, and VmHWM
//
// The caller's share is reported too. Ringback runs twice more with sound devices (null
// sinks of a PulseAudio server of ours) in place of the files, the devices at 44.1 kHz
// (PulseAudio's default) and at 48 kHz (PipeWire's, and the engine's own): then the microphone's
// clean-ups (echo cancellation, noise suppression, gain control) run as in a user's call, and
// Qt Multimedia's streams, and at 44.1 kHz the resampling, are part of the cost. linphonec binds
// the wildcard address, so both of its processes run in a network namespace of the benchmark's own.

#include "barchart.h"
#include "benchoutput.h"

#include "interop/support/baresipprocess.h"
#include "interop/support/headlessringback.h"
#include "interop/support/linphonecprocess.h"
#include "interop/support/networknamespace.h"
#include "interop/support/pulseaudioserver.h"
#include "interop/support/tonefile.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QtEndian>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <numbers>
#include <optional>

namespace {

/// A process's processor time so far, in seconds; nothing once it is gone.
std::optional<double> cpuSeconds(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray stat = file.readAll();
    // Fields after the command name (which may hold spaces) in parentheses; utime and stime
    // are the 14th and 15th of the whole line, the 12th and 13th after it.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return std::nullopt;
    const double ticks = fields[11].toDouble() + fields[12].toDouble();
    return ticks / double(sysconf(_SC_CLK_TCK));
}

/// A "Vm…:" line of /proc/PID/status, in KiB; -1 when it cannot be read.
qint64 statusKib(qint64 pid, const char *field)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key(field);
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QString packageVersion(const QString &package)
{
    QProcess query;
    query.start(QStringLiteral("dpkg-query"),
                {QStringLiteral("-W"), QStringLiteral("-f=${Version}"), package});
    query.waitForFinished(10000);
    return QString::fromUtf8(query.readAllStandardOutput()).trimmed();
}

struct Measurement
{
    QString phone;
    QString codec;
    qint64 idleRssKib = -1;
    qint64 callRssKib = -1;
    qint64 callHwmKib = -1;
    double calleeCpu = 0; ///< share of one core
    double callerCpu = 0;
    double windowSeconds = 0;
};

struct Settings
{
    int settleMs = 2000;
    int windowSeconds = 30;
};

/// Reads the idle figure of \a callee.
void measureIdle(qint64 callee, const Settings &settings, Measurement &out)
{
    QTest::qWait(settings.settleMs);
    out.idleRssKib = statusKib(callee, "VmRSS:");
}

/// Lets the connected call settle, then measures it for the window; false, with why in
/// \a error, when either process ends meanwhile.
bool measureCall(
        qint64 caller, qint64 callee, const Settings &settings, Measurement &out, QString *error)
{
    QTest::qWait(settings.settleMs);
    QElapsedTimer wall;
    const auto callee0 = cpuSeconds(callee);
    const auto caller0 = cpuSeconds(caller);
    wall.start();
    QTest::qWait(settings.windowSeconds * 1000);
    const auto callee1 = cpuSeconds(callee);
    const auto caller1 = cpuSeconds(caller);
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    out.callRssKib = statusKib(callee, "VmRSS:");
    out.callHwmKib = statusKib(callee, "VmHWM:");
    if (!callee0 || !caller0 || !callee1 || !caller1 || out.callRssKib < 0) {
        *error = QStringLiteral("%1 ended during the measurement").arg(out.phone);
        return false;
    }
    out.windowSeconds = seconds;
    out.calleeCpu = (*callee1 - *callee0) / seconds;
    out.callerCpu = (*caller1 - *caller0) / seconds;
    return true;
}

/// Sets up \a pulse as a user's sound server for two Ringbacks: a default speaker (a null
/// sink) and a default microphone (a source remapped from a null sink's monitor) that hears a
/// tone from \a toneFile. Both devices run at \a rate, which Ringback opens them at.
bool setUpDevices(PulseAudioServer &pulse, const QString &toneFile, int rate, QString *error)
{
    const QString rateArgument = QStringLiteral("rate=%1").arg(rate);
    return pulse.start(error)
           && pulse.loadModule(QStringLiteral("module-null-sink"),
                               {QStringLiteral("sink_name=speaker"), rateArgument}, error)
                      >= 0
           && pulse.loadModule(QStringLiteral("module-null-sink"),
                               {QStringLiteral("sink_name=micfeed"), rateArgument}, error)
                      >= 0
           && pulse.loadModule(
                      QStringLiteral("module-remap-source"),
                      {QStringLiteral("source_name=mic"), QStringLiteral("master=micfeed.monitor")},
                      error)
                      >= 0
           && pulse.pactl({QStringLiteral("set-default-sink"), QStringLiteral("speaker")}, error)
           && pulse.pactl({QStringLiteral("set-default-source"), QStringLiteral("mic")}, error)
           && pulse.play(QStringLiteral("micfeed"), toneFile, 48000, error);
}

/// The name of Ringback's rows with sound devices at \a deviceRate (0: with files). 44.1 kHz,
/// PulseAudio's default, keeps the name the device rows had before there were two rates.
QString ringbackPhone(int deviceRate)
{
    if (deviceRate == 0)
        return QStringLiteral("Ringback");
    if (deviceRate == 44100)
        return QStringLiteral("Ringback, devices");
    return QStringLiteral("Ringback, devices %1 kHz").arg(double(deviceRate) / 1000);
}

/// Ringback calls Ringback (`ringback --headless`): with files for microphone and speaker
/// (where the microphone's clean-ups do not run), or, when \a deviceRate is not 0, with sound
/// devices running at that rate on a PulseAudio server of ours and the clean-ups on, as a
/// user's call runs.
std::optional<Measurement>
measureRingback(const QString &codec, int deviceRate, const Settings &settings, QString *error)
{
    const bool devices = deviceRate != 0;
    Measurement out{ringbackPhone(deviceRate), codec};
    QTemporaryDir dir;
    const int seconds = settings.windowSeconds + 30;
    PulseAudioServer pulse;
    const QString raw = dir.filePath(QStringLiteral("voice.raw"));
    if (devices) {
        QFile file(raw);
        QByteArray samples;
        for (int i = 0; i < 48000 * seconds; ++i) {
            const auto sample
                    = static_cast<qint16>(8000 * std::sin(2 * std::numbers::pi * 440 * i / 48000));
            char bytes[2];
            qToLittleEndian(sample, bytes);
            samples.append(bytes, 2);
        }
        if (!file.open(QIODevice::WriteOnly) || file.write(samples) != samples.size()) {
            *error = QStringLiteral("cannot write ") + raw;
            return std::nullopt;
        }
        file.close();
        if (!setUpDevices(pulse, raw, deviceRate, error))
            return std::nullopt;
    }
    const QString callerTone = dir.filePath(QStringLiteral("caller.wav"));
    const QString calleeTone = dir.filePath(QStringLiteral("callee.wav"));
    if (!tonefile::writeTone(callerTone, 440, 48000, seconds)
        || !tonefile::writeTone(calleeTone, 1000, 48000, seconds)) {
        *error = QStringLiteral("cannot write the tones");
        return std::nullopt;
    }
    const auto options = [&](const QString &in, const QString &heard) {
        if (devices)
            return HeadlessRingback::Options{.program = QStringLiteral(RINGBACK_BINARY),
                                             .extraArguments = {QStringLiteral("--codecs"), codec},
                                             .pulseServer = pulse.address()};
        return HeadlessRingback::Options{
                .program = QStringLiteral(RINGBACK_BINARY),
                .extraArguments = {QStringLiteral("--codecs"), codec, QStringLiteral("--audio-in"),
                                   in, QStringLiteral("--audio-out"), dir.filePath(heard)}};
    };
    HeadlessRingback callee(options(calleeTone, QStringLiteral("callee-heard.wav")));
    HeadlessRingback caller(options(callerTone, QStringLiteral("caller-heard.wav")));
    if (!callee.start(error) || !caller.start(error))
        return std::nullopt;
    measureIdle(callee.processId(), settings, out);
    caller.send(QStringLiteral("call sip:callee@")
                + callee.sipAddress().section(QLatin1Char(':'), 1));
    if (!callee.waitForEvent(HeadlessRingback::callState(QStringLiteral("ringing")))) {
        *error = QStringLiteral("the call did not ring\n") + callee.report();
        return std::nullopt;
    }
    callee.send(QStringLiteral("answer"));
    if (!caller.waitForEvent(HeadlessRingback::callState(QStringLiteral("connected")))) {
        *error = QStringLiteral("the call did not connect\n") + caller.report();
        return std::nullopt;
    }
    if (!measureCall(caller.processId(), callee.processId(), settings, out, error))
        return std::nullopt;
    // The call carried audio all along, in the codec asked for.
    const QJsonObject media = callee.media();
    const int expectedFrames = settings.windowSeconds * 50;
    if (media.value(QLatin1String("framesPlayed")).toInt() < expectedFrames
        || media.value(QLatin1String("codec")).toString().compare(codec, Qt::CaseInsensitive)) {
        *error = QStringLiteral("the callee played too little audio or another codec: %1")
                         .arg(QString::fromUtf8(QJsonDocument(media).toJson()));
        return std::nullopt;
    }
    caller.send(QStringLiteral("hangup"));
    callee.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated")));
    return out;
}

/// baresip calls baresip (its sine source, its aufile player), only the one codec module.
std::optional<Measurement> measureBaresip(const QString &module,
                                          const QString &codec,
                                          const Settings &settings,
                                          QString *error)
{
    Measurement out{QStringLiteral("baresip"), codec};
    const std::chrono::seconds lifetime(settings.windowSeconds + 60);
    BaresipProcess callee({.lifetime = lifetime, .codec = module});
    if (!callee.start(error))
        return std::nullopt;
    measureIdle(callee.processId(), settings, out);
    BaresipProcess caller({.dial = callee.uri(), .lifetime = lifetime, .codec = module});
    if (!caller.start(error))
        return std::nullopt;
    if (!callee.waitForOutput("Call established")) {
        *error = QStringLiteral("baresip did not establish the call\n") + callee.report();
        return std::nullopt;
    }
    if (!measureCall(caller.processId(), callee.processId(), settings, out, error))
        return std::nullopt;
    return out;
}

/// linphonec calls linphonec in a namespace of ours, both playing and recording files.
std::optional<Measurement>
measureLinphonec(const QString &codec, const Settings &settings, QString *error)
{
    Measurement out{QStringLiteral("linphonec"), codec};
    NetworkNamespace network;
    if (!network.create(error))
        return std::nullopt;
    QTemporaryDir dir;
    const int seconds = settings.windowSeconds + 30;
    const QString callerTone = dir.filePath(QStringLiteral("caller.wav"));
    const QString calleeTone = dir.filePath(QStringLiteral("callee.wav"));
    // linphonec's file player reads 16-bit mono WAV at any rate.
    if (!tonefile::writeTone(callerTone, 440, 48000, seconds)
        || !tonefile::writeTone(calleeTone, 1000, 48000, seconds)) {
        *error = QStringLiteral("cannot write the tones");
        return std::nullopt;
    }
    LinphonecProcess callee(
            {.launcher = network.launcher(), .port = 5090, .srtp = false, .debugLog = false});
    LinphonecProcess caller(
            {.launcher = network.launcher(), .port = 5094, .srtp = false, .debugLog = false});
    if (!callee.start(error) || !caller.start(error) || !callee.useOnlyCodec(codec, error)
        || !caller.useOnlyCodec(codec, error))
        return std::nullopt;
    callee.send(QStringLiteral("soundcard use files"));
    caller.send(QStringLiteral("soundcard use files"));
    measureIdle(callee.processId(), settings, out);
    caller.send(QStringLiteral("call ") + callee.uri());
    if (!callee.waitForOutput("Receiving new incoming call")) {
        *error = QStringLiteral("linphonec did not ring\n") + callee.report();
        return std::nullopt;
    }
    callee.send(QStringLiteral("answer"));
    // (A file command before a side has the call connected crashes linphonec.)
    if (!callee.waitForOutput(" connected.") || !caller.waitForOutput(" connected.")) {
        *error = QStringLiteral("linphonec did not connect the call\n") + callee.report()
                 + caller.report();
        return std::nullopt;
    }
    callee.send(QStringLiteral("record ") + dir.filePath(QStringLiteral("callee-heard.wav")));
    callee.send(QStringLiteral("play ") + calleeTone);
    caller.send(QStringLiteral("record ") + dir.filePath(QStringLiteral("caller-heard.wav")));
    caller.send(QStringLiteral("play ") + callerTone);
    if (!measureCall(caller.processId(), callee.processId(), settings, out, error)) {
        *error += u'\n' + callee.report() + caller.report();
        return std::nullopt;
    }
    caller.send(QStringLiteral("terminate"));
    callee.waitForOutput("ended (");
    return out;
}

QString mebibytes(qint64 kib)
{
    return QStringLiteral("%1 MiB").arg(double(kib) / 1024, 0, 'f', 1);
}

QString percent(double share)
{
    return QStringLiteral("%1 %").arg(100 * share, 0, 'f', 2);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Measures the processor time and memory of a call in Ringback, baresip and "
            "linphonec."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("window"), QStringLiteral("Seconds of call measured."),
                      QStringLiteral("s"), QStringLiteral("30")});
    parser.addOption({QStringLiteral("settle"),
                      QStringLiteral("Milliseconds before each reading (idle, and in a call)."),
                      QStringLiteral("ms"), QStringLiteral("2000")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Write the results here."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("cpu-chart"),
                      QStringLiteral("Draw the processor chart here (PNG)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("memory-chart"),
                      QStringLiteral("Draw the memory chart here (PNG)."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("only"),
                      QStringLiteral("Measure only the rows whose name (phone and codec, as "
                                     "printed) holds this text, e.g. \"devices opus\"."),
                      QStringLiteral("text")});
    parser.addOption({QStringLiteral("from-json"),
                      QStringLiteral("Measure nothing: draw the charts of an earlier run's JSON."),
                      QStringLiteral("file")});
    parser.process(app);
    Settings settings;
    settings.windowSeconds = std::max(1, parser.value(QStringLiteral("window")).toInt());
    settings.settleMs = std::max(0, parser.value(QStringLiteral("settle")).toInt());

    QString error;
    QList<Measurement> results;
    QJsonObject context{
            {QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
            {QStringLiteral("machine"), benchsupport::machineLine()},
            {QStringLiteral("settle_ms"), settings.settleMs}};
    if (const QString earlier = parser.value(QStringLiteral("from-json")); !earlier.isEmpty()) {
        QFile file(earlier);
        const QJsonObject report = file.open(QIODevice::ReadOnly)
                                           ? QJsonDocument::fromJson(file.readAll()).object()
                                           : QJsonObject();
        context = report.value(QLatin1String("context")).toObject();
        for (const auto &value : report.value(QLatin1String("rows")).toArray()) {
            const QJsonObject row = value.toObject();
            Measurement result{row.value(QLatin1String("phone")).toString(),
                               row.value(QLatin1String("codec")).toString()};
            result.idleRssKib = row.value(QLatin1String("idle_rss_kib")).toInteger();
            result.callRssKib = row.value(QLatin1String("call_rss_kib")).toInteger();
            result.callHwmKib = row.value(QLatin1String("call_hwm_kib")).toInteger();
            result.calleeCpu = row.value(QLatin1String("callee_cpu_share")).toDouble();
            result.callerCpu = row.value(QLatin1String("caller_cpu_share")).toDouble();
            result.windowSeconds = row.value(QLatin1String("window_seconds")).toDouble();
            results.append(result);
        }
        if (results.isEmpty()) {
            std::fprintf(stderr, "%s holds no results\n", qPrintable(earlier));
            return 1;
        }
    }
    for (const QString &missing :
         {BaresipProcess::missingMessage(), LinphonecProcess::missingMessage()}) {
        if (results.isEmpty() && !missing.isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(missing));
            return 1;
        }
    }
    const auto run = [&](std::optional<Measurement> measured) {
        if (!measured) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return false;
        }
        results.append(*measured);
        std::printf("%-10s %-5s  idle %9s  in call %9s (peak %9s)  callee %7s  caller %7s of "
                    "a core\n",
                    qPrintable(measured->phone), qPrintable(measured->codec),
                    qPrintable(mebibytes(measured->idleRssKib)),
                    qPrintable(mebibytes(measured->callRssKib)),
                    qPrintable(mebibytes(measured->callHwmKib)),
                    qPrintable(percent(measured->calleeCpu)),
                    qPrintable(percent(measured->callerCpu)));
        std::fflush(stdout);
        return true;
    };
    const QString pcmu = QStringLiteral("PCMU");
    const QString opus = QStringLiteral("opus");
    // Each row, named as its phone and codec are printed; --only picks some of them.
    QList<std::pair<QString, std::function<std::optional<Measurement>()>>> measurements;
    // With files; with devices at PulseAudio's default rate; and at PipeWire's (and
    // bench_audiodelay's), where Ringback resamples nothing.
    for (const int deviceRate : {0, 44100, 48000}) {
        for (const QString &codec : {pcmu, opus})
            measurements.append(
                    {ringbackPhone(deviceRate) + QLatin1Char(' ') + codec, [&, deviceRate, codec] {
                         return measureRingback(codec, deviceRate, settings, &error);
                     }});
    }
    measurements += {{QStringLiteral("baresip PCMU"),
                      [&] {
                          return measureBaresip(QStringLiteral("g711"), pcmu, settings, &error);
                      }},
                     {QStringLiteral("baresip opus"),
                      [&] {
                          return measureBaresip(QStringLiteral("opus"), opus, settings, &error);
                      }},
                     {QStringLiteral("linphonec PCMU"),
                      [&] {
                          return measureLinphonec(pcmu, settings, &error);
                      }},
                     {QStringLiteral("linphonec opus"), [&] {
                          return measureLinphonec(opus, settings, &error);
                      }}};
    const QString only = parser.value(QStringLiteral("only"));
    const bool fromJson = !results.isEmpty();
    bool ok = true;
    bool any = false;
    for (const auto &[name, measure] : measurements) {
        if (fromJson || !name.contains(only, Qt::CaseInsensitive))
            continue;
        any = true;
        if (!run(measure())) {
            ok = false;
            break;
        }
    }
    if (!fromJson && !any) {
        std::fprintf(stderr, "--only %s names no row\n", qPrintable(only));
        return 1;
    }
    if (!ok)
        return 1;
    if (parser.value(QStringLiteral("from-json")).isEmpty()) {
        context.insert(QStringLiteral("date"),
                       QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        context.insert(QStringLiteral("peers"),
                       QStringLiteral("baresip %1, linphonec %2")
                               .arg(packageVersion(QStringLiteral("baresip-core")),
                                    packageVersion(QStringLiteral("linphone-cli"))));
    }
    const QString date = context.value(QLatin1String("date")).toString();
    const QString machine = context.value(QLatin1String("machine")).toString();
    const QString versions = context.value(QLatin1String("peers")).toString();
    QJsonArray rows;
    for (const Measurement &result : results) {
        rows.append(QJsonObject{{QStringLiteral("phone"), result.phone},
                                {QStringLiteral("codec"), result.codec},
                                {QStringLiteral("idle_rss_kib"), result.idleRssKib},
                                {QStringLiteral("call_rss_kib"), result.callRssKib},
                                {QStringLiteral("call_hwm_kib"), result.callHwmKib},
                                {QStringLiteral("callee_cpu_share"), result.calleeCpu},
                                {QStringLiteral("caller_cpu_share"), result.callerCpu},
                                {QStringLiteral("window_seconds"), result.windowSeconds}});
    }
    const QJsonObject report{{QStringLiteral("context"), context}, {QStringLiteral("rows"), rows}};
    const QString jsonPath = parser.value(QStringLiteral("json"));
    if (!jsonPath.isEmpty() && !benchsupport::writeJson(jsonPath, report))
        return 1;
    const auto color = [](const QString &phone) {
        if (phone.startsWith(QLatin1String("Ringback")))
            return QColor(0x2a, 0x6f, 0xdb);
        return phone == QLatin1String("baresip") ? QColor(0x8a, 0x8a, 0x8a)
                                                 : QColor(0xc0, 0x8a, 0x3a);
    };
    const QStringList subtitle{
            machine, QStringLiteral("%1 · %2 · each calls its own kind on "
                                    "the loopback; audio files, or sound devices (\"devices\")")
                             .arg(date, versions)};
    if (const QString path = parser.value(QStringLiteral("cpu-chart")); !path.isEmpty()) {
        BarChart chart;
        chart.setTitle(QStringLiteral("Processor time of a call (the callee), share of one core"));
        chart.setSubtitle(subtitle);
        chart.setAxisLabel(QStringLiteral("share of one core"));
        // Bars in percent, so that the axis ticks fall on whole percents.
        chart.setTickFormatter(
                [](double value) { return QStringLiteral("%1 %").arg(value, 0, 'f', 1); });
        for (const QString &codec : {QStringLiteral("PCMU"), QStringLiteral("opus")}) {
            const bool isOpus = codec == QLatin1String("opus");
            BarChart::Section section{isOpus ? QStringLiteral("Opus")
                                             : QStringLiteral("G.711 µ-law"),
                                      {},
                                      isOpus ? 2.0 : 0.0,
                                      isOpus ? QStringLiteral("goal 2 %") : QString()};
            for (const Measurement &result : results) {
                if (result.codec == codec)
                    section.bars.append(
                            {result.phone, 100 * result.calleeCpu, color(result.phone),
                             QStringLiteral("%1 (caller %2)")
                                     .arg(percent(result.calleeCpu), percent(result.callerCpu))});
            }
            chart.addSection(section);
        }
        if (!chart.save(path, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
    }
    if (const QString path = parser.value(QStringLiteral("memory-chart")); !path.isEmpty()) {
        BarChart chart;
        chart.setTitle(QStringLiteral("Resident memory (the callee)"));
        chart.setSubtitle(subtitle);
        chart.setAxisLabel(QStringLiteral("VmRSS"));
        // Bars in MiB, so that the axis ticks fall on whole MiB.
        chart.setTickFormatter(
                [](double value) { return QStringLiteral("%1 MiB").arg(value, 0, 'f', 0); });
        const auto mib = [](qint64 kib) {
            return double(kib) / 1024;
        };
        BarChart::Section idle{QStringLiteral("Idle, ready for calls"), {}, 0, {}};
        for (const Measurement &result : results) {
            if (result.codec == QLatin1String("PCMU"))
                idle.bars.append({result.phone, mib(result.idleRssKib), color(result.phone),
                                  mebibytes(result.idleRssKib)});
        }
        chart.addSection(idle);
        for (const QString &codec : {QStringLiteral("PCMU"), QStringLiteral("opus")}) {
            BarChart::Section section{QStringLiteral("In a call, %1")
                                              .arg(codec == QLatin1String("opus")
                                                           ? QStringLiteral("Opus")
                                                           : QStringLiteral("G.711 µ-law")),
                                      {},
                                      0,
                                      {}};
            for (const Measurement &result : results) {
                if (result.codec == codec)
                    section.bars.append({result.phone, mib(result.callRssKib), color(result.phone),
                                         QStringLiteral("%1 (peak %2)")
                                                 .arg(mebibytes(result.callRssKib),
                                                      mebibytes(result.callHwmKib))});
            }
            chart.addSection(section);
        }
        if (!chart.save(path, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
    }
    return 0;
}
