// bench_core_chart: turns the JSON of bench_transactions (Google Benchmark) or of
// bench_callrate into a bar chart for docs/BENCHMARKS.md and prints the results as Markdown
// tables.
//
//   bench_core_chart <bench_transactions.json | bench_callrate.json> <chart.png>
//
// Which program wrote the JSON is told by its content ("benchmarks" or "searches"). Exit status
// 1 when the JSON cannot be read, holds neither kind of result, or the PNG cannot be written.

#include "barchart.h"
#include "benchmarkreport.h"

#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace {

const QColor Ours(33, 102, 172);
const QColor Peer(230, 120, 30);
const QColor Passed(70, 150, 70);
const QColor Failed(198, 40, 40);

const QStringList Exchanges{QStringLiteral("OPTIONS"), QStringLiteral("INVITE"),
                            QStringLiteral("call")};

/// "0", "500", "20k", "1.5M".
QString formatCount(double value)
{
    if (value >= 1e6)
        return QStringLiteral("%1M").arg(value / 1e6, 0, 'g', 3);
    if (value >= 1e3)
        return QStringLiteral("%1k").arg(value / 1e3, 0, 'g', 3);
    return QString::number(value, 'g', 3);
}

QString machineLine(const QJsonObject &context)
{
    return QStringLiteral("%1 × %2 · %3 · %4 build")
            .arg(context.value(QLatin1String("num_cpus")).toInt())
            .arg(context.value(QLatin1String("cpu_model")).toString(),
                 context.value(QLatin1String("compiler")).toString(),
                 context.value(QLatin1String("ringback_build_type")).toString());
}

bool drawTransactions(const BenchmarkReport &report, const QString &png, QString *error)
{
    const auto &results = report.measurements();
    std::printf("| Exchange | Transport | transactions/s (median) | µs per transaction | calls/s "
                "| allocs/iter | bytes/iter |\n|---|---|---:|---:|---:|---:|---:|\n");
    BarChart chart;
    chart.setTitle(QStringLiteral("sipcore in memory: transactions per second (higher is better)"));
    int repetitions = 1;
    for (const auto &m : results)
        repetitions = std::max(repetitions, m.repetitions);
    chart.setSubtitle(
            {machineLine(report.context()),
             QStringLiteral("Google Benchmark, median of %1 repetition(s), one thread, %2")
                     .arg(repetitions)
                     .arg(report.context().value(QLatin1String("date")).toString()),
             QStringLiteral("caller and callee UserAgentCore over MemoryTransport; each "
                            "iteration ends with 64·T1 of virtual time, so every "
                            "transaction terminates")});
    chart.setAxisLabel(QStringLiteral("transactions per second (client + server transaction)"));
    chart.setTickFormatter(formatCount);
    for (const QString &transport : {QStringLiteral("udp"), QStringLiteral("tcp")}) {
        BarChart::Section section;
        section.title = transport == QLatin1String("udp")
                                ? QStringLiteral("Unreliable transport (UDP timers)")
                                : QStringLiteral("Reliable transport (TCP timers)");
        for (const QString &exchange : Exchanges) {
            const auto it = results.constFind(exchange + QLatin1Char('/') + transport);
            if (it == results.cend())
                continue;
            const double rate = it->counter("items_per_second");
            const double calls = it->counter("calls_per_second");
            std::printf("| %s | %s | %.0f | %.2f | %s | %.0f | %.0f |\n", qPrintable(exchange),
                        qPrintable(transport), rate, 1e6 / rate,
                        calls > 0 ? qPrintable(QString::number(calls, 'f', 0)) : "–",
                        it->counter("allocs/iter"), it->counter("bytes/iter"));
            QString annotation = QStringLiteral("%1/s · %2 µs each · %3 allocs")
                                         .arg(formatCount(rate))
                                         .arg(1e6 / rate, 0, 'f', 2)
                                         .arg(it->counter("allocs/iter"), 0, 'f', 0);
            if (calls > 0)
                annotation += QStringLiteral(" · %1 calls/s").arg(formatCount(calls));
            const QString label = exchange == QLatin1String("call")
                                          ? QStringLiteral("call (INVITE, ACK, BYE)")
                                          : exchange;
            section.bars.append(
                    {.label = label, .value = rate, .color = Ours, .annotation = annotation});
        }
        chart.addSection(section);
    }
    return chart.save(png, error);
}

bool drawCallRate(const QJsonObject &root, const QString &png, QString *error)
{
    const QJsonObject context = root.value(QLatin1String("context")).toObject();
    const QJsonArray searches = root.value(QLatin1String("searches")).toArray();
    QMap<QString, int> highest;
    for (const QJsonValue &value : searches) {
        const QJsonObject search = value.toObject();
        highest[search.value(QLatin1String("callee")).toString()]
                = search.value(QLatin1String("highest_passing_rate")).toInt();
    }
    const int ringback = highest.value(QStringLiteral("ringback"));
    const int sipp = highest.value(QStringLiteral("sipp-uas"));

    BarChart chart;
    chart.setTitle(
            QStringLiteral("Highest call rate answered with zero failed calls (higher is better)"));
    chart.setSubtitle(
            {machineLine(context)
                     + QStringLiteral(" · kernel %1 · SIPp %2")
                               .arg(context.value(QLatin1String("kernel")).toString(),
                                    context.value(QLatin1String("sipp_version")).toString()),
             QStringLiteral("RFC 7502 binary search, %1 s trials of sipp -sn uac on 127.0.0.1; "
                            "callee on CPU %2, SIPp uac on CPU %3; %4")
                     .arg(context.value(QLatin1String("duration_seconds")).toInt())
                     .arg(context.value(QLatin1String("callee_cpu")).toInt())
                     .arg(context.value(QLatin1String("caller_cpu")).toInt())
                     .arg(context.value(QLatin1String("date")).toString())});
    chart.setAxisLabel(QStringLiteral("calls per second"));
    chart.setTickFormatter(formatCount);

    BarChart::Section result;
    result.title = QStringLiteral("Highest passing rate");
    result.goal = 2000;
    result.goalLabel = QStringLiteral("goal ≥ 2,000 calls/s");
    if (highest.contains(QStringLiteral("ringback")))
        result.bars.append({.label = QStringLiteral("Ringback core (bench_callee)"),
                            .value = static_cast<double>(ringback),
                            .color = Ours,
                            .annotation = sipp > 0
                                                  ? QStringLiteral("%1 calls/s · %2× SIPp uas")
                                                            .arg(ringback)
                                                            .arg(double(ringback) / sipp, 0, 'f', 2)
                                                  : QStringLiteral("%1 calls/s").arg(ringback)});
    if (highest.contains(QStringLiteral("sipp-uas")))
        result.bars.append({.label = QStringLiteral("SIPp uas (ceiling)"),
                            .value = static_cast<double>(sipp),
                            .color = Peer,
                            .annotation = QStringLiteral("%1 calls/s").arg(sipp)});
    chart.addSection(result);

    BarChart::Section trials;
    trials.title = QStringLiteral("Trials in the order run (green passed, red failed)");
    std::printf("| Callee | Trial | Rate (calls/s) | Verdict | Calls | BYEs at the callee | "
                "Retransmissions | INVITE→200 (ms) | Callee peak (MiB) | Load before→after |\n"
                "|---|---:|---:|---|---:|---:|---:|---:|---:|---|\n");
    for (const QJsonValue &value : searches) {
        const QJsonObject search = value.toObject();
        const QString callee = search.value(QLatin1String("callee")).toString();
        int number = 0;
        for (const QJsonValue &trialValue : search.value(QLatin1String("trials")).toArray()) {
            const QJsonObject trial = trialValue.toObject();
            const int rate = trial.value(QLatin1String("rate")).toInt();
            const bool passed = trial.value(QLatin1String("passed")).toBool();
            const QString verdict = trial.value(QLatin1String("verdict")).toString();
            const auto count = [&](const char *key) {
                return trial.value(QLatin1String(key)).toVariant().toLongLong();
            };
            std::printf("| %s | %d | %d | %s | %lld | %lld | %lld | %.0f | %lld | %.2f→%.2f |\n",
                        qPrintable(callee), ++number, rate, qPrintable(verdict),
                        count("calls_successful"), count("callee_byes"), count("retransmissions"),
                        trial.value(QLatin1String("response_time_ms")).toDouble(),
                        count("callee_peak_memory_bytes") >> 20,
                        trial.value(QLatin1String("load_before")).toDouble(),
                        trial.value(QLatin1String("load_after")).toDouble());
            const qint64 failed = count("calls_failed");
            const QString shortVerdict
                    = failed > 0 ? QStringLiteral("%1 failed calls").arg(failed) : verdict;
            trials.bars.append(
                    {.label = QStringLiteral("%1 #%2").arg(callee).arg(number),
                     .value = static_cast<double>(rate),
                     .color = passed ? Passed : Failed,
                     .annotation = QStringLiteral("%1 · %2").arg(rate).arg(shortVerdict)});
        }
    }
    chart.addSection(trials);
    std::printf("\nHighest zero-failure rate: ringback %d calls/s, sipp-uas %d calls/s", ringback,
                sipp);
    if (sipp > 0)
        std::printf(", ratio %.2f", double(ringback) / sipp);
    std::printf("\n");
    return chart.save(png, error);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList arguments = QGuiApplication::arguments();
    if (arguments.size() != 3) {
        std::fprintf(stderr, "usage: bench_core_chart <bench_transactions.json | "
                             "bench_callrate.json> <chart.png>\n");
        return 1;
    }
    QString error;
    QFile file(arguments.at(1));
    const QJsonObject root = file.open(QIODevice::ReadOnly)
                                     ? QJsonDocument::fromJson(file.readAll()).object()
                                     : QJsonObject();
    bool saved = false;
    if (root.contains(QLatin1String("searches"))) {
        saved = drawCallRate(root, arguments.at(2), &error);
    } else {
        // Google Benchmark's JSON may hold NaN, which BenchmarkReport reads around.
        const auto report = BenchmarkReport::read(arguments.at(1), &error);
        if (report && report->measurements().isEmpty())
            error = QStringLiteral("%1 holds no bench_transactions or bench_callrate results")
                            .arg(arguments.at(1));
        else if (report)
            saved = drawTransactions(*report, arguments.at(2), &error);
    }
    if (!saved) {
        std::fprintf(stderr, "bench_core_chart: %s\n", qPrintable(error));
        return 1;
    }
    return 0;
}
