// bench_parser_chart: turns bench_parser's JSON output into the bar chart of docs/BENCHMARKS.md
// and prints the results as Markdown tables.
//
//   bench_parser_chart <bench_parser.json> <chart.png>
//
// Per benchmark it takes the median aggregate when the run had repetitions, otherwise the mean
// of the iteration entries. Times are wall-clock (real_time) per message; CPU time is printed
// beside them. Exit status 1 when the JSON cannot be read, holds no bench_parser results, or
// the PNG cannot be written.

#include "barchart.h"
#include "benchmarkreport.h"

#include <QGuiApplication>
#include <QJsonObject>
#include <QMap>

#include <cmath>
#include <cstdio>

namespace {

using Measurement = BenchmarkReport::Measurement;

const QStringList Messages{QStringLiteral("INVITE"), QStringLiteral("200OK")};
const QStringList Parsers{QStringLiteral("ours"),
                          QStringLiteral("sofia-sip"),
                          QStringLiteral("osip2"),
                          QStringLiteral("libre"),
                          QStringLiteral("ours:fresh-message"),
                          QStringLiteral("libre:decode-only")};

QString messageTitle(const QString &message)
{
    return message == QLatin1String("200OK") ? QStringLiteral("200 OK") : message;
}

QString formatNs(double ns)
{
    if (ns >= 1000)
        return QStringLiteral("%1 µs").arg(ns / 1000, 0, 'f', 2);
    return QStringLiteral("%1 ns").arg(ns, 0, 'f', 0);
}

QString formatAllocations(double allocations)
{
    return allocations == std::floor(allocations) ? QString::number(allocations, 'f', 0)
                                                  : QString::number(allocations, 'f', 2);
}

QColor parserColor(const QString &parser)
{
    if (parser == QLatin1String("ours"))
        return QColor(33, 102, 172);
    if (parser == QLatin1String("sofia-sip"))
        return QColor(230, 120, 30);
    if (parser == QLatin1String("osip2"))
        return QColor(70, 150, 70);
    if (parser == QLatin1String("libre"))
        return QColor(130, 85, 170);
    if (parser == QLatin1String("ours:fresh-message"))
        return QColor(146, 186, 222);
    return QColor(196, 172, 220); // libre:decode-only
}

void printTables(const QMap<QString, Measurement> &results)
{
    std::printf("| Message | Parser | ns/msg (median) | stddev | CPU ns/msg | sofia-sip ÷ this "
                "| allocs/iter | bytes/iter |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (const QString &message : Messages) {
        const auto sofia = results.constFind(message + QLatin1String("/parse/sofia-sip"));
        for (const QString &parser : Parsers) {
            const auto it = results.constFind(message + QLatin1String("/parse/") + parser);
            if (it == results.cend())
                continue;
            const QString ratio
                    = sofia == results.cend()
                              ? QStringLiteral("–")
                              : QStringLiteral("%1×").arg(sofia->realNs / it->realNs, 0, 'f', 2);
            std::printf("| %s | %s | %.0f | %.1f | %.0f | %s | %s | %.0f |\n",
                        qPrintable(messageTitle(message)), qPrintable(parser), it->realNs,
                        it->stddevNs, it->cpuNs, qPrintable(ratio),
                        qPrintable(formatAllocations(it->counter("allocs/iter"))),
                        it->counter("bytes/iter"));
        }
    }
    std::printf("\n| Message | Serializer | ns/msg (median) | stddev | messages/s | allocs/iter "
                "| bytes/iter |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|\n");
    for (const QString &message : Messages) {
        const auto it = results.constFind(message + QLatin1String("/serialize/ours"));
        if (it == results.cend())
            continue;
        std::printf("| %s | ours | %.0f | %.1f | %.2f M | %s | %.0f |\n",
                    qPrintable(messageTitle(message)), it->realNs, it->stddevNs, 1e3 / it->realNs,
                    qPrintable(formatAllocations(it->counter("allocs/iter"))),
                    it->counter("bytes/iter"));
    }
}

BarChart makeChart(const QMap<QString, Measurement> &results, const QJsonObject &context)
{
    BarChart chart;
    chart.setTitle(QStringLiteral("SIP parse and serialise: time per message (lower is better)"));
    int repetitions = 1;
    for (const Measurement &m : results)
        repetitions = std::max(repetitions, m.repetitions);
    const QString cpu = context.value(QLatin1String("cpu_model")).toString();
    chart.setSubtitle(
            {QStringLiteral("%1 × %2 · %3 · %4 build · sofia-sip %5, osip2 %6, libre %7")
                     .arg(context.value(QLatin1String("num_cpus")).toInt())
                     .arg(cpu.isEmpty() ? QStringLiteral("CPU") : cpu,
                          context.value(QLatin1String("compiler")).toString(),
                          context.value(QLatin1String("ringback_build_type")).toString(),
                          context.value(QLatin1String("sofia_sip_version")).toString(),
                          context.value(QLatin1String("osip2_version")).toString(),
                          context.value(QLatin1String("libre_version")).toString()),
             QStringLiteral("Google Benchmark, wall-clock median of %1 repetition(s), one run, %2")
                     .arg(repetitions)
                     .arg(context.value(QLatin1String("date")).toString()),
             QStringLiteral("light bars are diagnostics: ours:fresh-message parses into a new "
                            "message each time, libre:decode-only reuses one mbuf")});
    chart.setAxisLabel(QStringLiteral("time per message (wall clock)"));

    for (const QString &message : Messages) {
        BarChart::Section section;
        const QString kind = message == QLatin1String("INVITE")
                                     ? QStringLiteral("INVITE with SDP")
                                     : QStringLiteral("200 OK with three Vias");
        section.title = QStringLiteral("Parse %1").arg(kind);
        section.goal = 1000;
        section.goalLabel = QStringLiteral("goal ≤ 1.0 µs");
        for (const QString &parser : Parsers) {
            const auto it = results.constFind(message + QLatin1String("/parse/") + parser);
            if (it == results.cend())
                continue;
            section.bars.append(
                    {.label = parser,
                     .value = it->realNs,
                     .color = parserColor(parser),
                     .annotation = QStringLiteral("%1 · %2 allocs")
                                           .arg(formatNs(it->realNs),
                                                formatAllocations(it->counter("allocs/iter")))});
        }
        chart.addSection(section);
    }
    BarChart::Section serialize;
    serialize.title = QStringLiteral("Serialise (ours)");
    serialize.goal = 500;
    serialize.goalLabel = QStringLiteral("goal ≥ 2 M messages/s (≤ 500 ns)");
    for (const QString &message : Messages) {
        const auto it = results.constFind(message + QLatin1String("/serialize/ours"));
        if (it == results.cend())
            continue;
        serialize.bars.append(
                {.label = messageTitle(message),
                 .value = it->realNs,
                 .color = parserColor(QStringLiteral("ours")),
                 .annotation = QStringLiteral("%1 · %2 M msgs/s · %3 allocs")
                                       .arg(formatNs(it->realNs))
                                       .arg(1e3 / it->realNs, 0, 'f', 2)
                                       .arg(formatAllocations(it->counter("allocs/iter")))});
    }
    chart.addSection(serialize);
    return chart;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList arguments = QGuiApplication::arguments();
    if (arguments.size() != 3) {
        std::fprintf(stderr, "usage: bench_parser_chart <bench_parser.json> <chart.png>\n");
        return 1;
    }
    QString error;
    const auto report = BenchmarkReport::read(arguments.at(1), &error);
    if (!report) {
        std::fprintf(stderr, "bench_parser_chart: %s\n", qPrintable(error));
        return 1;
    }
    const QMap<QString, Measurement> &results = report->measurements();
    if (!results.contains(QStringLiteral("INVITE/parse/ours"))) {
        std::fprintf(stderr, "bench_parser_chart: %s holds no bench_parser results\n",
                     qPrintable(arguments.at(1)));
        return 1;
    }
    printTables(results);
    if (!makeChart(results, report->context()).save(arguments.at(2), &error)) {
        std::fprintf(stderr, "bench_parser_chart: %s\n", qPrintable(error));
        return 1;
    }
    return 0;
}
