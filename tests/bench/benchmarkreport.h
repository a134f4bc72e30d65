#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

/// A Google Benchmark JSON output file (--benchmark_out_format=json), as the chart programs
/// read it: per benchmark (run_name), the median aggregate when the run had repetitions,
/// otherwise the mean of its iterations; iterations that reported an error are left out.
class BenchmarkReport
{
public:
    struct Measurement
    {
        double realNs = 0;
        double cpuNs = 0;
        double stddevNs = 0; ///< of real time over repetitions; 0 without
        int repetitions = 1;
        /// The other numbers of the entry: user counters ("allocs/iter", "calls_per_second",
        /// …) and "items_per_second".
        QMap<QString, double> counters;

        double counter(const char *name) const { return counters.value(QLatin1String(name)); }
    };

    /// Reads \a fileName; nothing, with a sentence in \a error, when it cannot be read or is
    /// not JSON.
    static std::optional<BenchmarkReport> read(const QString &fileName, QString *error);

    /// run_name → measurement.
    const QMap<QString, Measurement> &measurements() const { return m_measurements; }
    /// The file's "context" object (machine, date, custom context).
    const QJsonObject &context() const { return m_context; }

private:
    QMap<QString, Measurement> m_measurements;
    QJsonObject m_context;
};
