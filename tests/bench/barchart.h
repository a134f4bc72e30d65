#pragma once

#include <QColor>
#include <QImage>
#include <QList>
#include <QString>

#include <functional>

/// Draws horizontal bars in titled sections into a PNG with QPainter, so a benchmark needs no
/// plotting package. All sections share one linear x axis starting at 0; values are
/// nanoseconds and the axis is labelled in ns or µs, unless setTickFormatter() says how to
/// label another unit. A section may carry a goal, drawn as a dashed vertical line across that
/// section only. Needs a QGuiApplication (for fonts).
class BarChart
{
public:
    struct Bar
    {
        QString label;    ///< left of the bar
        double value = 0; ///< ns unless setTickFormatter() was given
        QColor color;
        QString annotation; ///< right of the bar's end, e.g. "3.61 µs · 37 allocs"
    };
    struct Section
    {
        QString title;
        QList<Bar> bars;
        double goal = 0; ///< in the bars' unit; 0 for none
        QString goalLabel;
    };

    void setTitle(const QString &title) { m_title = title; }
    /// Lines under the title: machine, run, date.
    void setSubtitle(const QStringList &lines) { m_subtitle = lines; }
    void setAxisLabel(const QString &label) { m_axisLabel = label; }
    /// How a tick value is written under the axis (default: "0", "500 ns", "2.5 µs").
    void setTickFormatter(std::function<QString(double)> format)
    {
        m_tickFormat = std::move(format);
    }
    void addSection(const Section &section) { m_sections.append(section); }

    /// The height follows from the number of bars.
    QImage render(int width = 1200) const;
    /// Renders and writes a PNG. Returns false, with a sentence in \a error, if writing fails.
    bool save(const QString &fileName, QString *error) const;

private:
    QString m_title;
    QStringList m_subtitle;
    QString m_axisLabel;
    std::function<QString(double)> m_tickFormat;
    QList<Section> m_sections;
};
