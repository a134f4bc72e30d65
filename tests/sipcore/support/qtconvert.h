#pragma once

// Test support: moving text between Qt Test's QByteArray rows and sipcore's string_views.

#include <QByteArray>

#include <string_view>
#include <system_error>

namespace sipcore::test {

inline std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

inline QByteArray bytes(std::string_view text)
{
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

/// "ok" or the error's message, for readable QCOMPARE failures.
inline QByteArray describe(std::error_code error)
{
    return error ? QByteArray::fromStdString(error.message()) : QByteArray("ok");
}

} // namespace sipcore::test
