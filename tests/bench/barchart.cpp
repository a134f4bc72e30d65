#include "barchart.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

namespace {

constexpr double BarHeight = 26;
constexpr double BarGap = 8;
constexpr double SectionTitleHeight = 34;
constexpr double SectionGap = 14;

/// "0", "500 ns", "1 µs", "2.5 µs".
QString formatNanoseconds(double ns)
{
    if (ns == 0)
        return QStringLiteral("0");
    if (ns < 1000)
        return QStringLiteral("%1 ns").arg(ns, 0, 'g', 3);
    return QStringLiteral("%1 µs").arg(ns / 1000, 0, 'g', 3);
}

/// A 1-2-5 tick step that gives about \a wanted ticks up to \a high.
double tickStep(double high, int wanted)
{
    const double raw = high / wanted;
    const double decade = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double step : std::array<double, 3>{1, 2, 5}) {
        if (decade * step >= raw)
            return decade * step;
    }
    return decade * 10;
}

} // namespace

QImage BarChart::render(int width) const
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(15);
    QFont titleFont = font;
    titleFont.setPixelSize(22);
    titleFont.setBold(true);
    QFont sectionFont = font;
    sectionFont.setPixelSize(16);
    sectionFont.setBold(true);
    QFont smallFont = font;
    smallFont.setPixelSize(13);
    const QFontMetricsF metrics(font);

    double labelWidth = 0;
    double annotationWidth = 0;
    double high = 0;
    double rows = 0;
    for (const Section &section : m_sections) {
        high = std::max(high, section.goal);
        for (const Bar &bar : section.bars) {
            labelWidth = std::max(labelWidth, metrics.horizontalAdvance(bar.label));
            annotationWidth = std::max(annotationWidth, metrics.horizontalAdvance(bar.annotation));
            high = std::max(high, bar.value);
            ++rows;
        }
    }
    const double step = tickStep(std::max(high, 1.0), 8);
    high = std::ceil(high / step) * step;

    const double headerHeight = 56 + 20.0 * static_cast<double>(m_subtitle.size());
    double plotHeight = 0;
    for (const Section &section : m_sections)
        plotHeight += SectionTitleHeight
                      + static_cast<double>(section.bars.size()) * (BarHeight + BarGap)
                      + SectionGap;
    const double height = headerHeight + plotHeight + 70;
    const QRectF plot(labelWidth + 36, headerHeight, width - labelWidth - 36 - annotationWidth - 30,
                      plotHeight);
    const auto toX = [&](double ns) {
        return plot.left() + ns / high * plot.width();
    };

    QImage image(width, static_cast<int>(std::ceil(height)), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);

    painter.setPen(Qt::black);
    painter.setFont(titleFont);
    painter.drawText(QRectF(0, 10, width, 32), Qt::AlignHCenter | Qt::AlignVCenter, m_title);
    painter.setFont(smallFont);
    painter.setPen(QColor(80, 80, 80));
    for (qsizetype i = 0; i < m_subtitle.size(); ++i)
        painter.drawText(QRectF(0, 44 + 20.0 * static_cast<double>(i), width, 20),
                         Qt::AlignHCenter | Qt::AlignVCenter, m_subtitle.at(i));

    // Grid and tick labels, under and over the whole plot.
    painter.setFont(font);
    for (double tick = 0; tick <= high * 1.0001; tick += step) {
        const double x = toX(tick);
        painter.setPen(QPen(QColor(225, 225, 225), 1));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter.setPen(Qt::black);
        painter.drawText(QRectF(x - 50, plot.bottom() + 6, 100, 20), Qt::AlignCenter,
                         m_tickFormat ? m_tickFormat(tick) : formatNanoseconds(tick));
    }
    painter.drawText(QRectF(plot.left(), plot.bottom() + 32, plot.width(), 22), Qt::AlignCenter,
                     m_axisLabel);

    double y = plot.top();
    for (const Section &section : m_sections) {
        painter.setFont(sectionFont);
        painter.setPen(Qt::black);
        painter.drawText(QRectF(12, y + 6, width - 24, SectionTitleHeight - 10),
                         Qt::AlignLeft | Qt::AlignVCenter, section.title);
        const double barsTop = y + SectionTitleHeight;
        y = barsTop;
        painter.setFont(font);
        for (const Bar &bar : section.bars) {
            painter.setPen(Qt::black);
            painter.drawText(QRectF(12, y, labelWidth + 14, BarHeight),
                             Qt::AlignRight | Qt::AlignVCenter, bar.label);
            painter.setPen(Qt::NoPen);
            painter.setBrush(bar.color);
            painter.drawRect(
                    QRectF(plot.left(), y, std::max(toX(bar.value) - plot.left(), 1.0), BarHeight));
            y += BarHeight + BarGap;
        }
        if (section.goal > 0) {
            const double x = toX(section.goal);
            painter.setPen(QPen(QColor(198, 40, 40), 2, Qt::DashLine));
            painter.drawLine(QPointF(x, barsTop - 4), QPointF(x, y - BarGap + 4));
            painter.setPen(QColor(198, 40, 40));
            painter.setFont(smallFont);
            painter.drawText(QRectF(x + 6, barsTop - 22, 400, 18), Qt::AlignLeft | Qt::AlignVCenter,
                             section.goalLabel);
        }
        // Annotations last, on white, so that a goal line never runs through one.
        painter.setFont(font);
        double annotationTop = barsTop;
        for (const Bar &bar : section.bars) {
            const QRectF text(toX(bar.value) + 6, annotationTop + 3,
                              metrics.horizontalAdvance(bar.annotation) + 6, BarHeight - 6);
            painter.setPen(Qt::NoPen);
            painter.setBrush(Qt::white);
            painter.drawRect(text);
            painter.setPen(Qt::black);
            painter.drawText(text, Qt::AlignCenter, bar.annotation);
            annotationTop += BarHeight + BarGap;
        }
        y += SectionGap;
    }
    painter.setPen(QPen(Qt::black, 1));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    painter.drawLine(plot.topLeft(), plot.bottomLeft());
    return image;
}

bool BarChart::save(const QString &fileName, QString *error) const
{
    if (render().save(fileName, "PNG"))
        return true;
    *error = QStringLiteral("cannot write %1").arg(fileName);
    return false;
}
