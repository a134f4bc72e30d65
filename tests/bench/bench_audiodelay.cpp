// Audio delay benchmark (issue 6, item 10): how long a click takes from the microphone to the
// network and from the network to the speaker in Ringback, through its real sound devices (Qt
// Multimedia on PulseAudio). Not a test: it measures and reports, and fails only when a loop
// carries no click back. docs/BENCHMARKS.md describes the method and the results.
//
// One PulseAudio server of the benchmark's own, with no hardware: a stereo null sink "room",
// whose monitor is recorded (parec) as the one clock every figure is read on.
//
//   pacat ──clicks, left channel──▶ room ──monitor──▶ recording (left: click in,
//                                    ▲      │                     right: click out)
//                                    │      └─left─▶ source "mic" (remap) ──▶ Ringback
//                                    └─right── sink "speaker" (remap) ◀──── Ringback
//
// Ringback (`ringback --headless`, the devices of a user's call) calls the echo test, which
// sends every RTP packet straight back, so a click crosses capture → network, and network →
// playout, once each, with only a loopback socket and the reflection between. The round trip
// from the click on the left channel to its first sample on the right, halved, is the one-way
// delay. The microphone hears only the left channel and the speaker plays only on the right,
// so nothing loops back in.
//
// The same loop without a call, Ringback's own CaptureDevice feeding its own PlaybackDevice
// through a SampleRing in this process, measures what the devices alone take (Qt's buffers,
// PulseAudio's, and ours). What the call adds beyond that is the media engine's share:
// framing, codec, RTP, jitter buffer.

#include "barchart.h"
#include "benchoutput.h"
#include "clickdelays.h"
#include "latencysummary.h"
#include "stereorecorder.h"

#include "capturedevice.h"
#include "interop/support/headlessringback.h"
#include "interop/support/pulseaudioserver.h"
#include "playbackdevice.h"
#include "sipcore/media/samplering.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMediaDevices>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QtEndian>

#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>
#include <optional>

namespace {

constexpr int Rate = 48000;
constexpr int ClickAmplitude = 12000;
constexpr double ClickHz = 1000;
constexpr double ClickSeconds = 0.010;
constexpr double LeadSeconds = 0.5;
constexpr double TailSeconds = 1.5; ///< longer than ClickDelays' window
/// Microphone clean-ups off: nothing between the device and the codec but conversion.
const QString Plain = QStringLiteral(
        "[audio]\nechoCancellation=false\nnoiseSuppression=false\ngainControl=false\n");

struct Row
{
    QString name;   ///< short, for the chart
    QString detail; ///< what ran
    ClickDelays delays;
    QJsonObject media; ///< Ringback's media figures at the end; empty for the devices alone
};

/// Writes the click track: interleaved stereo at Rate, \a clicks bursts of a sine on the left
/// channel about a second apart (the gap grows by 7 ms steps, modulo 20 ms, so clicks fall at
/// every phase of a 20 ms frame), the right channel silent.
bool writeClickTrack(const QString &path, int clicks)
{
    QByteArray raw;
    const auto append = [&](qint16 left) {
        char bytes[4];
        qToLittleEndian(left, bytes);
        qToLittleEndian(qint16(0), bytes + 2);
        raw.append(bytes, 4);
    };
    const auto silence = [&](double seconds) {
        for (int i = 0; i < int(seconds * Rate); ++i)
            append(0);
    };
    silence(LeadSeconds);
    for (int click = 0; click < clicks; ++click) {
        const int burst = int(ClickSeconds * Rate);
        for (int i = 0; i < burst; ++i)
            append(qint16(ClickAmplitude * std::sin(2 * std::numbers::pi * ClickHz * i / Rate)));
        silence(1.0 - ClickSeconds + (click * 7 % 20) / 1000.0);
    }
    silence(TailSeconds);
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(raw) == raw.size();
}

bool setUpDevices(PulseAudioServer &pulse, QString *error)
{
    const auto load = [&](const char *module, const QStringList &arguments) {
        return pulse.loadModule(QString::fromLatin1(module), arguments, error) >= 0;
    };
    return load("module-null-sink",
                {QStringLiteral("sink_name=room"), QStringLiteral("rate=%1").arg(Rate),
                 QStringLiteral("channels=2"),
                 QStringLiteral("channel_map=front-left,front-right")})
           && load("module-remap-source",
                   {QStringLiteral("source_name=mic"), QStringLiteral("master=room.monitor"),
                    QStringLiteral("channels=1"), QStringLiteral("master_channel_map=front-left"),
                    QStringLiteral("channel_map=mono"), QStringLiteral("remix=no")})
           && load("module-remap-sink",
                   {QStringLiteral("sink_name=speaker"), QStringLiteral("master=room"),
                    QStringLiteral("channels=1"), QStringLiteral("master_channel_map=front-right"),
                    QStringLiteral("channel_map=mono"), QStringLiteral("remix=no")})
           && pulse.pactl({QStringLiteral("set-default-source"), QStringLiteral("mic")}, error)
           && pulse.pactl({QStringLiteral("set-default-sink"), QStringLiteral("speaker")}, error);
}

/// Plays the click track into the room while recording it; the clicks found, or nothing
/// (and why in \a error).
std::optional<ClickDelays>
measureLoop(PulseAudioServer &pulse, const QString &track, int clicks, QString *error)
{
    StereoRecorder recording;
    if (!recording.start(pulse, QStringLiteral("room.monitor"), Rate, error))
        return std::nullopt;
    QProcess *player = pulse.play(QStringLiteral("room"), track, Rate, error, 2);
    if (!player)
        return std::nullopt;
    const auto trackSeconds = LeadSeconds + clicks * 1.02 + TailSeconds;
    if (player->state() != QProcess::NotRunning) {
        QEventLoop loop;
        QObject::connect(player, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(std::chrono::milliseconds(int(1000 * trackSeconds) + 30000), &loop,
                           &QEventLoop::quit);
        loop.exec();
    }
    if (player->state() != QProcess::NotRunning || player->exitCode() != 0) {
        *error = QStringLiteral("pacat did not play the click track to its end: ")
                 + QString::fromUtf8(player->readAllStandardError());
        return std::nullopt;
    }
    // pacat ends once the track has been played; the recording's own buffer comes after.
    if (!recording.waitForFrames(recording.frames() + Rate / 2, std::chrono::seconds(10))) {
        *error = QStringLiteral("parec stopped recording");
        return std::nullopt;
    }
    return ClickDelays::find(recording.samples(), {});
}

/// The devices alone: our CaptureDevice feeds our PlaybackDevice through a SampleRing.
std::optional<Row>
measureDevices(PulseAudioServer &pulse, const QString &track, int clicks, int runs, QString *error)
{
    const auto find = [](const QList<QAudioDevice> &devices, const char *id) {
        for (const QAudioDevice &device : devices) {
            if (device.id() == id)
                return device;
        }
        return QAudioDevice();
    };
    QAudioDevice input;
    QAudioDevice output;
    const bool listed = QTest::qWaitFor(
            [&] {
                input = find(QMediaDevices::audioInputs(), "mic");
                output = find(QMediaDevices::audioOutputs(), "speaker");
                return !input.isNull() && !output.isNull();
            },
            10000);
    if (!listed) {
        *error = QStringLiteral("Qt Multimedia does not list the benchmark's mic and speaker");
        return std::nullopt;
    }
    Row row{QStringLiteral("devices alone"),
            QStringLiteral("Ringback's CaptureDevice → SampleRing → PlaybackDevice, no call"),
            {},
            {}};
    for (int run = 0; run < runs; ++run) {
        auto ring = std::make_shared<sipcore::media::SampleRing>(Rate / 2);
        CaptureDevice microphone(ring, nullptr, Rate);
        PlaybackDevice speaker(ring, nullptr, Rate);
        microphone.start(input);
        speaker.start(output);
        auto delays = measureLoop(pulse, track, clicks, error);
        microphone.stop();
        speaker.stop();
        if (!delays)
            return std::nullopt;
        row.delays.add(*delays);
    }
    return row;
}

/// Ringback calls the echo test with only \a codec, its microphone clean-ups as \a settings say.
std::optional<ClickDelays> measureCall(PulseAudioServer &pulse,
                                       const QString &track,
                                       int clicks,
                                       const QString &codec,
                                       const QString &settings,
                                       QJsonObject *media,
                                       QString *error)
{
    HeadlessRingback ringback({.program = QStringLiteral(RINGBACK_BINARY),
                               .extraArguments = {QStringLiteral("--codecs"), codec},
                               .settings = settings,
                               .pulseServer = pulse.address()});
    if (!ringback.start(error))
        return std::nullopt;
    if (!ringback.callEcho()) {
        *error = QStringLiteral("the echo call did not connect\n") + ringback.report();
        return std::nullopt;
    }
    // Three seconds of audio first, so that the jitter buffer has settled.
    const auto settled = ringback.pollMedia([](const QJsonObject &figures) {
        return figures.value(QLatin1String("framesPlayed")).toInt() >= 150;
    });
    if (!settled) {
        *error = QStringLiteral("no media figures\n") + ringback.report();
        return std::nullopt;
    }
    auto delays = measureLoop(pulse, track, clicks, error);
    *media = ringback.media();
    ringback.send(QStringLiteral("hangup"));
    ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated")));
    QString quitError;
    ringback.quit(&quitError);
    return delays;
}

/// measureCall() \a runs times, each a Ringback of its own: the phase of the media clock
/// against the devices' differs from call to call, and so does the delay, while within a call
/// every click takes the same time. Hence many calls of few clicks.
std::optional<Row> measureCalls(PulseAudioServer &pulse,
                                const QString &track,
                                int clicks,
                                int runs,
                                const QString &codec,
                                const QString &settings,
                                const QString &name,
                                QString *error)
{
    Row row{name,
            QStringLiteral("ringback --headless --codecs %1 calling the echo test, clean-ups %2")
                    .arg(codec, settings.isEmpty() ? QStringLiteral("on") : QStringLiteral("off")),
            {},
            {}};
    for (int run = 0; run < runs; ++run) {
        const auto delays = measureCall(pulse, track, clicks, codec, settings, &row.media, error);
        if (!delays)
            return std::nullopt;
        row.delays.add(*delays);
    }
    return row;
}

QString milliseconds(double value)
{
    return QStringLiteral("%1 ms").arg(value, 0, 'f', value < 10 ? 1 : 0);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Measures the one-way audio delay through Ringback's devices and "
                           "media engine (a click injected and detected)."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("clicks"), QStringLiteral("Clicks per call."),
                      QStringLiteral("n"), QStringLiteral("3")});
    parser.addOption({QStringLiteral("calls"),
                      QStringLiteral("Calls (or device openings) per configuration."),
                      QStringLiteral("n"), QStringLiteral("12")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Write the samples here."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("chart"), QStringLiteral("Draw the chart here (PNG)."),
                      QStringLiteral("file")});
    parser.process(app);
    const int clicks = std::max(1, parser.value(QStringLiteral("clicks")).toInt());
    const int runs = std::max(1, parser.value(QStringLiteral("calls")).toInt());

    QTemporaryDir dir;
    const QString track = dir.filePath(QStringLiteral("clicks.raw"));
    if (!dir.isValid() || !writeClickTrack(track, clicks)) {
        std::fprintf(stderr, "cannot write the click track\n");
        return 1;
    }
    PulseAudioServer pulse;
    QString error;
    if (!pulse.start(&error) || !setUpDevices(pulse, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    // This process's own devices (the row without a call) use the benchmark's server only.
    const QProcessEnvironment client = pulse.clientEnvironment();
    for (const QString &name : client.keys()) {
        if (name.startsWith(QLatin1String("PULSE")) || name == QLatin1String("HOME")
            || name.startsWith(QLatin1String("XDG")))
            qputenv(name.toLocal8Bit(), client.value(name).toLocal8Bit());
    }

    const double loadBefore = [] {
        double load = 0;
        QFile file(QStringLiteral("/proc/loadavg"));
        if (file.open(QIODevice::ReadOnly))
            load = file.readAll().split(' ').value(0).toDouble();
        return load;
    }();
    QList<Row> rows;
    const auto run = [&](std::optional<Row> row) {
        if (!row) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return false;
        }
        rows.append(*row);
        const LatencySummary summary = LatencySummary::fromSamples(row->delays.roundTripsMs);
        std::printf("%-34s clicks %3d  lost %2d  round trip median %6.1f ms  p90 %6.1f  "
                    "max %6.1f  → one way %5.1f ms\n",
                    qPrintable(row->name), row->delays.clicks, row->delays.lost, summary.median,
                    summary.p90, summary.max, summary.median / 2);
        std::fflush(stdout);
        return true;
    };
    bool ok = run(measureDevices(pulse, track, clicks, runs, &error));
    ok = ok
         && run(measureCalls(pulse, track, clicks, runs, QStringLiteral("PCMU"), Plain,
                             QStringLiteral("G.711 µ-law"), &error));
    ok = ok
         && run(measureCalls(pulse, track, clicks, runs, QStringLiteral("opus"), Plain,
                             QStringLiteral("Opus"), &error));
    ok = ok
         && run(measureCalls(pulse, track, clicks, runs, QStringLiteral("PCMU"), QString(),
                             QStringLiteral("G.711 µ-law, clean-ups on"), &error));
    if (!ok)
        return 1;

    const QString date = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const QString machine = benchsupport::machineLine();
    QJsonArray rowsJson;
    for (const Row &row : rows) {
        QJsonArray samples;
        for (double sample : row.delays.roundTripsMs)
            samples.append(sample);
        rowsJson.append(QJsonObject{{QStringLiteral("name"), row.name},
                                    {QStringLiteral("detail"), row.detail},
                                    {QStringLiteral("clicks"), row.delays.clicks},
                                    {QStringLiteral("lost"), row.delays.lost},
                                    {QStringLiteral("round_trip_ms"),
                                     LatencySummary::fromSamples(row.delays.roundTripsMs).toJson()},
                                    {QStringLiteral("round_trip_samples_ms"), samples},
                                    {QStringLiteral("media"), row.media}});
    }
    const QJsonObject report{{QStringLiteral("context"),
                              QJsonObject{{QStringLiteral("date"), date},
                                          {QStringLiteral("machine"), machine},
                                          {QStringLiteral("load_average_before"), loadBefore},
                                          {QStringLiteral("clicks_per_call"), clicks},
                                          {QStringLiteral("calls_per_row"), runs}}},
                             {QStringLiteral("rows"), rowsJson}};
    const QString jsonPath = parser.value(QStringLiteral("json"));
    if (!jsonPath.isEmpty() && !benchsupport::writeJson(jsonPath, report))
        return 1;
    const QString chartPath = parser.value(QStringLiteral("chart"));
    if (!chartPath.isEmpty()) {
        BarChart chart;
        chart.setTitle(QStringLiteral("One-way audio delay: half a click's round trip"));
        chart.setSubtitle({machine, QStringLiteral("%1 · %2 calls × %3 clicks · PulseAudio "
                                                   "null devices · bar: median; label: p90")
                                            .arg(date)
                                            .arg(runs)
                                            .arg(clicks)});
        chart.setAxisLabel(QStringLiteral("one-way delay (round trip ÷ 2)"));
        chart.setTickFormatter([](double value) { return milliseconds(value); });
        BarChart::Section devices{QStringLiteral("Sound devices alone (no call)"), {}, 0, {}};
        BarChart::Section calls{QStringLiteral("Ringback calling its echo test"),
                                {},
                                60,
                                QStringLiteral("goal 60 ms")};
        for (const Row &row : rows) {
            const LatencySummary summary = LatencySummary::fromSamples(row.delays.roundTripsMs);
            BarChart::Bar bar{
                    row.name, summary.median / 2,
                    row.media.isEmpty() ? QColor(0x88, 0x88, 0x88) : QColor(0x2a, 0x6f, 0xdb),
                    QStringLiteral("%1 · p90 %2 · %3 of %4 clicks")
                            .arg(milliseconds(summary.median / 2), milliseconds(summary.p90 / 2))
                            .arg(summary.count)
                            .arg(row.delays.clicks)};
            (row.media.isEmpty() ? devices : calls).bars.append(bar);
        }
        chart.addSection(devices);
        chart.addSection(calls);
        if (!chart.save(chartPath, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
    }
    for (const Row &row : rows) {
        if (row.delays.roundTripsMs.isEmpty()) {
            std::fprintf(stderr, "%s: no click came back\n", qPrintable(row.name));
            return 1;
        }
    }
    return 0;
}
