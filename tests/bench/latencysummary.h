#pragma once

#include <QJsonObject>
#include <QList>

/// Order statistics of one series of latency samples, in microseconds. Percentiles use linear
/// interpolation between the closest ranks (numpy's default), so the median of an even count
/// is the mean of the two middle samples and p99 of 300 samples lies between the 297th and
/// the 298th smallest.
struct LatencySummary
{
    int count = 0;
    double min = 0;
    double median = 0;
    double p90 = 0;
    double p99 = 0;
    double max = 0;
    double mean = 0;

    /// Summarises \a samples (any order). An empty list gives a summary with count 0.
    static LatencySummary fromSamples(QList<double> samples);
    /// The \a fraction (0…1) quantile of \a sorted, which must be sorted ascending and not empty.
    static double quantile(const QList<double> &sorted, double fraction);

    QJsonObject toJson() const;
};
