// bench_callrate: the highest call rate that Ringback's SIP core answers as a callee with zero
// failed calls under SIPp load on loopback, next to the SIPp-against-SIPp ceiling measured in
// the same run (issue 4, item 6). docs/BENCHMARKS.md ("Core: transactions in memory, calls
// under SIPp") has the method, the commands and the results.
//
//   bench_callrate [--duration S] [--initial-rate R] [--granularity G] [--max-rate R]
//                  [--max-trials N] [--callee-cpu C] [--caller-cpu C] [--only ringback|sipp-uas]
//                  [--callee-program PATH] [--sipp PATH] [--sipp-buffer BYTES]
//                  [--callee-memory-limit GIB]
//                  [--work-dir DIR] [--json FILE]
//
// Two RFC 7502 binary searches (RateSearch), one per callee, run interleaved: a trial for
// bench_callee (sipcore), then one for SIPp's uas scenario, and so on, so that both see the
// same machine. Each trial (CallRateTrial) runs SIPp's uac scenario at one rate for the
// duration against a freshly started callee; callee and caller are pinned to different CPUs.
// A line per trial goes to stdout, then the highest passing rates and their ratio; --json
// writes the trials, the results and the machine.
//
// Exit status 1 when a trial could not run (a program did not start or SIPp left no
// statistics) or the JSON cannot be written; a trial that fails under load is a result, not an
// error.

#include "callratetrial.h"
#include "cpumodel.h"
#include "ratesearch.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

namespace {

struct Search
{
    CallRateTrial::Callee callee;
    RateSearch rates;
    QList<CallRateTrial::Result> trials;
};

/// net.core.rmem_default: the receive buffer a UDP socket gets when it asks for none, as
/// bench_callee's does.
int kernelDefaultBuffer()
{
    QFile file(QStringLiteral("/proc/sys/net/core/rmem_default"));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()).trimmed().toInt()
                                          : 0;
}

/// "3.6.1-SCTP-PCAP-RTPSTREAM" from `sipp -v`.
QString sippVersion(const QString &sipp)
{
    QProcess process;
    process.start(sipp, {QStringLiteral("-v")});
    process.waitForFinished(10000);
    const QString text
            = QString::fromLatin1(process.readAllStandardOutput() + process.readAllStandardError());
    QString version = QRegularExpression(QStringLiteral("SIPp v(\\S+)")).match(text).captured(1);
    if (version.endsWith(QLatin1Char('.')))
        version.chop(1); // the sentence's full stop
    return version;
}

QString describe(const CallRateTrial::Result &trial)
{
    QString line = QStringLiteral("%1 calls/s: %2").arg(trial.rate, 6).arg(trial.verdict);
    if (trial.stats)
        line += QStringLiteral(" (%1 calls, %2 failed, %3 BYEs at the callee, %4 "
                               "retransmissions, INVITE→200 %5 ms, load %6→%7, callee peak %8 MiB)")
                        .arg(trial.stats->successfulCalls)
                        .arg(trial.stats->failedCalls)
                        .arg(trial.calleeByes)
                        .arg(trial.stats->retransmissions)
                        .arg(trial.stats->responseTimeMs, 0, 'f', 2)
                        .arg(trial.loadBefore, 0, 'f', 2)
                        .arg(trial.loadAfter, 0, 'f', 2)
                        .arg(trial.calleePeakMemory >> 20);
    return line;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Highest zero-failure call rate of Ringback's SIP core as a SIPp "
                           "callee, beside SIPp's own uas."));
    parser.addHelpOption();
    const auto option
            = [&](const char *name, const char *help, const char *value, const char *fallback) {
                  QCommandLineOption o(QString::fromLatin1(name), QString::fromUtf8(help),
                                       QString::fromLatin1(value), QString::fromLatin1(fallback));
                  parser.addOption(o);
                  return o;
              };
    const auto duration = option("duration", "Seconds per trial.", "seconds", "30");
    const auto initialRate = option("initial-rate", "Rate of the first trial.", "calls/s", "1000");
    const auto granularity
            = option("granularity", "Stop when the bounds are this close.", "calls/s", "100");
    const auto maxRate = option("max-rate", "Highest rate tried.", "calls/s", "50000");
    const auto maxTrials = option("max-trials", "Trials per callee at most.", "n", "16");
    const auto calleeCpu = option("callee-cpu", "CPU the callee runs on.", "cpu", "0");
    const auto callerCpu = option("caller-cpu", "CPU SIPp's uac runs on.", "cpu", "1");
    const auto only
            = option("only", "Search for one callee only: ringback or sipp-uas.", "callee", "");
    const auto calleeProgram = option("callee-program", "The bench_callee executable.", "path", "");
    const auto sipp = option("sipp", "The sipp executable.", "path", "sipp");
    const auto sippBuffer = option(
            "sipp-buffer",
            "SIPp's -buff_size for both SIPp processes; by default half of "
            "net.core.rmem_default, so that SIPp's sockets get what bench_callee's gets (the "
            "kernel doubles what is asked for); 0 for SIPp's own default.",
            "bytes", "");
    const auto memoryLimit
            = option("callee-memory-limit",
                     "End a trial when the callee's resident memory passes this.", "GiB", "10");
    const auto workDir = option("work-dir", "Keep SIPp's files and the logs here.", "dir", "");
    const auto json = option("json", "Write the results as JSON.", "file", "");
    parser.process(app);

    QTemporaryDir temporary;
    const QString work = parser.value(workDir).isEmpty() ? temporary.path() : parser.value(workDir);
    QDir().mkpath(work);
    CallRateTrial::Config config;
    config.calleeProgram
            = parser.value(calleeProgram).isEmpty()
                      ? QCoreApplication::applicationDirPath() + QStringLiteral("/bench_callee")
                      : parser.value(calleeProgram);
    config.sippProgram = parser.value(sipp);
    config.durationSeconds = parser.value(duration).toInt();
    config.calleeCpu = parser.value(calleeCpu).toInt();
    config.callerCpu = parser.value(callerCpu).toInt();
    config.workDirectory = work;
    config.sippSocketBuffer = parser.value(sippBuffer).isEmpty() ? kernelDefaultBuffer() / 2
                                                                 : parser.value(sippBuffer).toInt();
    config.calleeMemoryLimit
            = static_cast<qint64>(parser.value(memoryLimit).toDouble() * (1 << 30));

    QList<Search> searches;
    for (const auto callee : {CallRateTrial::Callee::Ringback, CallRateTrial::Callee::SippUas}) {
        if (!parser.value(only).isEmpty() && parser.value(only) != CallRateTrial::name(callee))
            continue;
        searches.append(
                {callee,
                 RateSearch(parser.value(initialRate).toInt(), parser.value(granularity).toInt(),
                            parser.value(maxRate).toInt()),
                 {}});
    }
    if (searches.isEmpty()) {
        std::fprintf(stderr, "bench_callrate: --only takes ringback or sipp-uas\n");
        return 1;
    }

    const QString started = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const int trialLimit = parser.value(maxTrials).toInt();
    bool allRan = true;
    for (bool more = true; more;) {
        more = false;
        for (Search &search : searches) {
            const auto rate = search.rates.nextRate();
            if (!rate || search.trials.size() >= trialLimit)
                continue;
            config.callee = search.callee;
            config.rate = *rate;
            const CallRateTrial::Result trial = CallRateTrial::run(config);
            std::printf("%-9s %s\n", qPrintable(CallRateTrial::name(search.callee)),
                        qPrintable(describe(trial)));
            std::fflush(stdout);
            allRan = allRan && trial.ran;
            search.rates.record(trial.rate, trial.passed);
            search.trials.append(trial);
            more = true;
        }
    }

    QJsonArray results;
    for (const Search &search : searches) {
        QJsonArray trials;
        for (const CallRateTrial::Result &trial : search.trials)
            trials.append(trial.toJson());
        QJsonObject result{{QStringLiteral("callee"), CallRateTrial::name(search.callee)},
                           {QStringLiteral("highest_passing_rate"), search.rates.highestPassing()},
                           {QStringLiteral("trials"), trials}};
        if (const auto failing = search.rates.lowestFailing())
            result.insert(QStringLiteral("lowest_failing_rate"), *failing);
        results.append(result);
        std::printf("highest zero-failure rate, %s: %d calls/s%s\n",
                    qPrintable(CallRateTrial::name(search.callee)), search.rates.highestPassing(),
                    search.rates.lowestFailing() ? qPrintable(
                            QStringLiteral(" (%1 failed)").arg(*search.rates.lowestFailing()))
                                                 : " (no trial failed)");
    }
    if (searches.size() == 2 && searches[1].rates.highestPassing() > 0)
        std::printf("ratio ringback / sipp-uas: %.2f\n",
                    double(searches[0].rates.highestPassing())
                            / searches[1].rates.highestPassing());

    if (!parser.value(json).isEmpty()) {
        const QJsonObject context{
                {QStringLiteral("date"), started},
                {QStringLiteral("finished"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                {QStringLiteral("cpu_model"), QString::fromStdString(benchsupport::cpuModel())},
                {QStringLiteral("num_cpus"), QThread::idealThreadCount()},
                {QStringLiteral("kernel"), QSysInfo::kernelVersion()},
                {QStringLiteral("os"), QSysInfo::prettyProductName()},
                {QStringLiteral("ringback_build_type"), QStringLiteral(RINGBACK_BUILD_TYPE)},
                {QStringLiteral("compiler"), QStringLiteral(RINGBACK_COMPILER)},
                {QStringLiteral("sipp_version"), sippVersion(config.sippProgram)},
                {QStringLiteral("duration_seconds"), config.durationSeconds},
                {QStringLiteral("granularity"), parser.value(granularity).toInt()},
                {QStringLiteral("callee_cpu"), config.calleeCpu},
                {QStringLiteral("caller_cpu"), config.callerCpu},
                {QStringLiteral("callee_memory_limit_bytes"), config.calleeMemoryLimit},
                {QStringLiteral("sipp_buff_size"), config.sippSocketBuffer},
                {QStringLiteral("rmem_default"), kernelDefaultBuffer()},
                {QStringLiteral("scenario"),
                 QStringLiteral("sipp -sn uac (INVITE, ACK, BYE; no pause) against bench_callee "
                                "(180, 200 with SDP) or sipp -sn uas (180, 200 with SDP)")}};
        QFile file(parser.value(json));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(QJsonDocument(QJsonObject{{QStringLiteral("context"), context},
                                                    {QStringLiteral("searches"), results}})
                                  .toJson())
                       < 0) {
            std::fprintf(stderr, "bench_callrate: cannot write %s\n",
                         qPrintable(parser.value(json)));
            return 1;
        }
    }
    if (!allRan) {
        std::fprintf(stderr, "bench_callrate: a trial could not run; logs in %s\n",
                     qPrintable(work));
        temporary.setAutoRemove(false);
        return 1;
    }
    return 0;
}
