#pragma once

#include <QColor>
#include <QImage>
#include <QList>
#include <QString>

/// Draws latency samples as percentile curves into a PNG with QPainter, so a benchmark needs
/// no plotting package. x is the percentile on an HdrHistogram-style axis, log10(1 / (1 − p)),
/// which gives 0–90 %, 90–99 % and 99–99.9 % equal room so the tail is readable; y is the
/// latency on a log scale. The first series gets its median and p99 marked; a target, if set,
/// is a dashed line. Needs a QGuiApplication (for fonts).
class LatencyChart
{
public:
    /// One curve: samples in microseconds, any order.
    struct Series
    {
        QString name;
        QList<double> samples;
        QColor color;
    };

    void setTitle(const QString &title) { m_title = title; }
    /// A line under the title: runs, machine, date.
    void setSubtitle(const QString &subtitle) { m_subtitle = subtitle; }
    void addSeries(const Series &series) { m_series.append(series); }
    /// A horizontal dashed line at \a microseconds labelled \a label.
    void setTarget(double microseconds, const QString &label);

    QImage render(int width = 1200, int height = 760) const;
    /// Renders and writes a PNG. Returns false, with a sentence in \a error, if writing fails.
    bool save(const QString &fileName, QString *error) const;

private:
    QString m_title;
    QString m_subtitle;
    QList<Series> m_series;
    double m_target = 0;
    QString m_targetLabel;
};
