#include "latencysummary.h"

#include <algorithm>
#include <cmath>
#include <numeric>

LatencySummary LatencySummary::fromSamples(QList<double> samples)
{
    LatencySummary summary;
    if (samples.isEmpty())
        return summary;
    std::sort(samples.begin(), samples.end());
    summary.count = static_cast<int>(samples.size());
    summary.min = samples.front();
    summary.median = quantile(samples, 0.5);
    summary.p90 = quantile(samples, 0.9);
    summary.p99 = quantile(samples, 0.99);
    summary.max = samples.back();
    summary.mean = std::accumulate(samples.cbegin(), samples.cend(), 0.0)
                   / static_cast<double>(samples.size());
    return summary;
}

double LatencySummary::quantile(const QList<double> &sorted, double fraction)
{
    const double rank = fraction * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<qsizetype>(std::floor(rank));
    const qsizetype above = std::min(below + 1, sorted.size() - 1);
    const double weight = rank - static_cast<double>(below);
    return sorted[below] + weight * (sorted[above] - sorted[below]);
}

QJsonObject LatencySummary::toJson() const
{
    return QJsonObject{{QStringLiteral("count"), count},   {QStringLiteral("min"), min},
                       {QStringLiteral("median"), median}, {QStringLiteral("p90"), p90},
                       {QStringLiteral("p99"), p99},       {QStringLiteral("max"), max},
                       {QStringLiteral("mean"), mean}};
}
