#include "benchmarkreport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QRegularExpression>
#include <QSet>

namespace {

double toNanoseconds(double value, const QString &unit)
{
    if (unit == QLatin1String("us"))
        return value * 1e3;
    if (unit == QLatin1String("ms"))
        return value * 1e6;
    if (unit == QLatin1String("s"))
        return value * 1e9;
    return value;
}

/// Numbers of an entry that are not counters.
const QSet<QString> &standardFields()
{
    static const QSet<QString> fields{
            QStringLiteral("family_index"), QStringLiteral("per_family_instance_index"),
            QStringLiteral("repetitions"),  QStringLiteral("repetition_index"),
            QStringLiteral("threads"),      QStringLiteral("iterations"),
            QStringLiteral("real_time"),    QStringLiteral("cpu_time")};
    return fields;
}

BenchmarkReport::Measurement measurementOf(const QJsonObject &entry)
{
    const QString unit = entry.value(QLatin1String("time_unit")).toString();
    BenchmarkReport::Measurement m;
    m.realNs = toNanoseconds(entry.value(QLatin1String("real_time")).toDouble(), unit);
    m.cpuNs = toNanoseconds(entry.value(QLatin1String("cpu_time")).toDouble(), unit);
    m.repetitions = entry.value(QLatin1String("repetitions")).toInt(1);
    for (auto it = entry.constBegin(); it != entry.constEnd(); ++it) {
        if (it.value().isDouble() && !standardFields().contains(it.key()))
            m.counters.insert(it.key(), it.value().toDouble());
    }
    return m;
}

BenchmarkReport::Measurement meanOf(const QList<BenchmarkReport::Measurement> &iterations)
{
    BenchmarkReport::Measurement mean;
    for (const BenchmarkReport::Measurement &m : iterations) {
        mean.realNs += m.realNs;
        mean.cpuNs += m.cpuNs;
        for (auto it = m.counters.constBegin(); it != m.counters.constEnd(); ++it)
            mean.counters[it.key()] += it.value();
    }
    const auto n = static_cast<double>(iterations.size());
    mean.realNs /= n;
    mean.cpuNs /= n;
    for (double &value : mean.counters)
        value /= n;
    return mean;
}

} // namespace

std::optional<BenchmarkReport> BenchmarkReport::read(const QString &fileName, QString *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(fileName);
        return std::nullopt;
    }
    // Google Benchmark writes NaN (the coefficient of variation of a counter that is always 0),
    // which JSON does not have; such values are not used here.
    QString text = QString::fromUtf8(file.readAll());
    text.replace(QRegularExpression(QStringLiteral("(:\\s*)-?(?:nan|inf)\\b"),
                                    QRegularExpression::CaseInsensitiveOption),
                 QStringLiteral("\\1null"));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (document.isNull()) {
        *error = QStringLiteral("%1: %2").arg(fileName, parseError.errorString());
        return std::nullopt;
    }

    QMap<QString, Measurement> medians;
    QMap<QString, double> stddevs;
    QMap<QString, QList<Measurement>> iterations;
    const QJsonArray benchmarks = document.object().value(QLatin1String("benchmarks")).toArray();
    for (const QJsonValue &value : benchmarks) {
        const QJsonObject entry = value.toObject();
        const QString runName = entry.value(QLatin1String("run_name")).toString();
        const Measurement m = measurementOf(entry);
        if (entry.value(QLatin1String("run_type")).toString() == QLatin1String("aggregate")) {
            const QString aggregate = entry.value(QLatin1String("aggregate_name")).toString();
            if (aggregate == QLatin1String("median"))
                medians[runName] = m;
            else if (aggregate == QLatin1String("stddev"))
                stddevs[runName] = m.realNs;
        } else if (!entry.value(QLatin1String("error_occurred")).toBool()) {
            iterations[runName].append(m);
        }
    }
    BenchmarkReport report;
    report.m_context = document.object().value(QLatin1String("context")).toObject();
    for (auto it = iterations.cbegin(); it != iterations.cend(); ++it) {
        Measurement mean = meanOf(it.value());
        mean.repetitions = it.value().front().repetitions;
        report.m_measurements[it.key()] = mean;
    }
    for (auto it = medians.cbegin(); it != medians.cend(); ++it)
        report.m_measurements[it.key()] = it.value();
    for (auto it = report.m_measurements.begin(); it != report.m_measurements.end(); ++it)
        it->stddevNs = stddevs.value(it.key());
    return report;
}
