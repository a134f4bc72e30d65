#include "latencychart.h"

#include "latencysummary.h"

#include <QFont>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <array>
#include <cmath>

namespace {

/// "850 µs", "1 ms", "2.5 ms".
QString formatMicroseconds(double us)
{
    if (us < 1000)
        return QStringLiteral("%1 µs").arg(us, 0, 'g', 3);
    return QStringLiteral("%1 ms").arg(us / 1000, 0, 'g', 3);
}

/// The 1-2-5 steps from below \a low to above \a high.
QList<double> logTicks(double low, double high)
{
    QList<double> ticks;
    for (double decade = std::pow(10.0, std::floor(std::log10(low))); decade <= high * 10;
         decade *= 10) {
        for (const double step : {1.0, 2.0, 5.0}) {
            const double value = decade * step;
            if (value >= low * 0.999 && value <= high * 1.001)
                ticks.append(value);
        }
    }
    return ticks;
}

/// The 1-2-5 value at or below (\a down) or at or above \a value.
double niceBound(double value, bool down)
{
    const double decade = std::pow(10.0, std::floor(std::log10(value)));
    const std::array<double, 4> steps{1, 2, 5, 10};
    if (down) {
        for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
            if (decade * *it <= value)
                return decade * *it;
        }
        return decade;
    }
    for (const double step : steps) {
        if (decade * step >= value)
            return decade * step;
    }
    return decade * 10;
}

double percentileAxis(double fraction)
{
    return std::log10(1.0 / (1.0 - fraction));
}

} // namespace

void LatencyChart::setTarget(double microseconds, const QString &label)
{
    m_target = microseconds;
    m_targetLabel = label;
}

QImage LatencyChart::render(int width, int height) const
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);

    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(15);
    QFont titleFont = font;
    titleFont.setPixelSize(22);
    titleFont.setBold(true);
    QFont smallFont = font;
    smallFont.setPixelSize(13);

    const QRectF plot(100, 90, width - 100 - 40, height - 90 - 80);

    painter.setPen(Qt::black);
    painter.setFont(titleFont);
    painter.drawText(QRectF(0, 10, width, 32), Qt::AlignHCenter | Qt::AlignVCenter, m_title);
    painter.setFont(smallFont);
    painter.setPen(QColor(80, 80, 80));
    painter.drawText(QRectF(0, 44, width, 22), Qt::AlignHCenter | Qt::AlignVCenter, m_subtitle);

    // Domains.
    double low = m_target > 0 ? m_target : 0;
    double high = m_target;
    qsizetype maxCount = 1;
    for (const Series &series : m_series) {
        if (series.samples.isEmpty())
            continue;
        const auto [lo, hi] = std::minmax_element(series.samples.cbegin(), series.samples.cend());
        low = low > 0 ? std::min(low, *lo) : *lo;
        high = std::max(high, *hi);
        maxCount = std::max(maxCount, series.samples.size());
    }
    low = niceBound(std::max(low, 0.1), true);
    high = niceBound(std::max(high * 1.2, low * 2), false); // room above the target line
    // The curve ends at p = 1 − 1/n, the last percentile n samples resolve; the maximum gets a
    // dot of its own there.
    const double xEnd = std::max(percentileAxis(1.0 - 1.0 / static_cast<double>(maxCount)), 0.3);
    const double xMax = std::max(xEnd * 1.04, 1.0);
    const auto toX = [&](double axis) {
        return plot.left() + axis / xMax * plot.width();
    };
    const auto toY = [&](double us) {
        const double f = (std::log10(us) - std::log10(low)) / (std::log10(high) - std::log10(low));
        return plot.bottom() - f * plot.height();
    };

    // Grid and tick labels.
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    for (const double tick : logTicks(low, high)) {
        const double y = toY(tick);
        painter.setPen(QPen(QColor(225, 225, 225), 1));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(Qt::black);
        painter.drawText(QRectF(0, y - 10, plot.left() - 8, 20), Qt::AlignRight | Qt::AlignVCenter,
                         formatMicroseconds(tick));
    }
    const std::array<std::pair<double, const char *>, 6> percentTicks{{{0.0, "0 %"},
                                                                       {0.5, "50 %"},
                                                                       {0.9, "90 %"},
                                                                       {0.99, "99 %"},
                                                                       {0.999, "99.9 %"},
                                                                       {0.9999, "99.99 %"}}};
    for (const auto &[fraction, label] : percentTicks) {
        const double axis = percentileAxis(fraction);
        if (axis > xMax)
            break;
        const double x = toX(axis);
        painter.setPen(QPen(QColor(225, 225, 225), 1));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter.setPen(Qt::black);
        painter.drawText(QRectF(x - 50, plot.bottom() + 6, 100, 20), Qt::AlignCenter,
                         QString::fromLatin1(label));
    }
    painter.setPen(QPen(Qt::black, 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(plot);
    painter.drawText(
            QRectF(plot.left(), plot.bottom() + 32, plot.width(), 22), Qt::AlignCenter,
            QStringLiteral("percentile of runs (axis: log₁₀ 1/(1−p), the tail gets room)"));
    painter.save();
    painter.translate(22, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2, -12, plot.height(), 24), Qt::AlignCenter,
                     QStringLiteral("latency (log scale)"));
    painter.restore();

    // Target.
    if (m_target > 0) {
        const double y = toY(m_target);
        painter.setPen(QPen(QColor(198, 40, 40), 2, Qt::DashLine));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(QColor(198, 40, 40));
        painter.drawText(QRectF(plot.left() + 8, y - 24, plot.width() - 16, 20),
                         Qt::AlignRight | Qt::AlignVCenter, m_targetLabel);
    }

    // Curves: the quantile function the summary uses, one point per pixel column, so the
    // marked median and p99 lie on the curve.
    for (const Series &series : m_series) {
        if (series.samples.isEmpty())
            continue;
        QList<double> sorted = series.samples;
        std::sort(sorted.begin(), sorted.end());
        const double n = static_cast<double>(sorted.size());
        const double end = std::min(xEnd, percentileAxis(1.0 - 1.0 / n));
        QPainterPath path;
        bool first = true; // QPainterPath::isEmpty() stays true after a lone moveTo()
        for (double x = plot.left(); x <= toX(end) + 0.5; x += 1.0) {
            const double axis = std::min((x - plot.left()) / plot.width() * xMax, end);
            const double fraction = 1.0 - std::pow(10.0, -axis);
            const QPointF point(x, toY(LatencySummary::quantile(sorted, fraction)));
            if (first)
                path.moveTo(point);
            else
                path.lineTo(point);
            first = false;
        }
        painter.setPen(QPen(series.color, 2.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
    }

    // Median and p99 of the first series.
    if (!m_series.isEmpty() && !m_series.front().samples.isEmpty()) {
        const LatencySummary summary = LatencySummary::fromSamples(m_series.front().samples);
        const std::array<std::tuple<double, double, QString>, 3> marks{
                {{0.5, summary.median, QStringLiteral("median %1")},
                 {0.99, summary.p99, QStringLiteral("p99 %1")},
                 {1.0 - 1.0 / summary.count, summary.max, QStringLiteral("max %1")}}};
        for (const auto &[fraction, value, label] : marks) {
            if (fraction <= 0 || percentileAxis(fraction) > xEnd + 1e-9)
                continue; // too few samples to place it
            const QPointF point(toX(percentileAxis(fraction)), toY(value));
            painter.setPen(QPen(QColor(60, 60, 60), 1, Qt::DotLine));
            painter.drawLine(point, QPointF(point.x(), plot.bottom()));
            painter.setPen(QPen(Qt::black, 1.5));
            painter.setBrush(m_series.front().color);
            painter.drawEllipse(point, 6, 6);
            const QString text = label.arg(formatMicroseconds(value));
            const double textWidth = metrics.horizontalAdvance(text) + 12;
            // Left of the point, above the curve, unless that leaves the plot.
            double left = point.x() - textWidth - 6;
            if (left < plot.left() + 4)
                left = point.x() + 10;
            QRectF box(left, point.y() - 34, textWidth, 24);
            if (box.top() < plot.top() + 2)
                box.moveTop(point.y() + 10);
            painter.setPen(QPen(QColor(120, 120, 120), 1));
            painter.setBrush(QColor(255, 255, 255, 230));
            painter.drawRoundedRect(box, 4, 4);
            painter.setPen(Qt::black);
            painter.drawText(box, Qt::AlignCenter, text);
        }
    }

    // Legend, top left inside the plot.
    painter.setFont(font);
    double legendWidth = 0;
    for (const Series &series : m_series)
        legendWidth = std::max(legendWidth, metrics.horizontalAdvance(series.name));
    const QRectF legend(plot.left() + 6, plot.top() + 6, legendWidth + 64,
                        22.0 * static_cast<double>(m_series.size()) + 8);
    painter.setPen(QPen(QColor(200, 200, 200), 1));
    painter.setBrush(QColor(255, 255, 255, 235));
    painter.drawRect(legend);
    double legendY = legend.top() + 15;
    for (const Series &series : m_series) {
        painter.setPen(QPen(series.color, 3));
        painter.drawLine(QPointF(legend.left() + 8, legendY), QPointF(legend.left() + 38, legendY));
        painter.setPen(Qt::black);
        painter.drawText(QRectF(legend.left() + 46, legendY - 10, legendWidth + 10, 20),
                         Qt::AlignLeft | Qt::AlignVCenter, series.name);
        legendY += 22;
    }
    return image;
}

bool LatencyChart::save(const QString &fileName, QString *error) const
{
    if (render().save(fileName, "PNG"))
        return true;
    *error = QStringLiteral("cannot write %1").arg(fileName);
    return false;
}
