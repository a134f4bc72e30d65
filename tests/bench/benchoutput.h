#pragma once

// What the Qt benchmark programs that measure whole phones share: the machine line of their
// reports and charts, and writing their JSON. Header-only.

#include "cpumodel.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QSysInfo>
#include <QThread>

#include <cstdio>

namespace benchsupport {

/// "AMD EPYC, 2 cores, Debian GNU/Linux 12 (bookworm)".
inline QString machineLine()
{
    return QStringLiteral("%1, %2 cores, %3")
            .arg(QString::fromStdString(cpuModel()))
            .arg(QThread::idealThreadCount())
            .arg(QSysInfo::prettyProductName());
}

/// Writes \a report to \a path, indented; false, having said why on stderr, when it cannot.
inline bool writeJson(const QString &path, const QJsonObject &report)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(report).toJson()) <= 0) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
        return false;
    }
    return true;
}

} // namespace benchsupport
