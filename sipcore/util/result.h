#pragma once

#include <cassert>
#include <system_error>
#include <utility>
#include <variant>

namespace sipcore {

/// A value or the error that prevented it (an expected-style return for sipcore; C++20 has no
/// std::expected). Accessing the value of an error result is a programming error.
template<class T>
class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    {}
    Result(std::error_code error)
        : m_value(error)
    {
        assert(error);
    }
    template<class E>
    requires std::is_error_code_enum_v<E> Result(E error)
        : Result(std::error_code(make_error_code(error)))
    {}

    /// True when a value is held.
    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }

    /// The error; a default (false) error_code when a value is held.
    std::error_code error() const { return ok() ? std::error_code() : std::get<1>(m_value); }

    T &value() & { return std::get<0>(m_value); }
    const T &value() const & { return std::get<0>(m_value); }
    T &&value() && { return std::get<0>(std::move(m_value)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

private:
    std::variant<T, std::error_code> m_value;
};

} // namespace sipcore
