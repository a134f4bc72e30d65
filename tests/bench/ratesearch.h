#pragma once

#include <optional>

/// The binary search of RFC 7502 (Session Establishment Rate) for the highest rate that passes
/// a trial: the rate doubles from \a initial until a trial fails (or \a maximum passes), then
/// the interval between the highest pass and the lowest failure is halved until it is at most
/// \a granularity wide. A trial's verdict is the caller's.
class RateSearch
{
public:
    RateSearch(int initial, int granularity, int maximum);

    /// The rate of the next trial; nothing once the search is done.
    std::optional<int> nextRate() const;
    /// Records the verdict of a trial at \a rate.
    void record(int rate, bool passed);

    /// The highest rate that passed (0 when none did).
    int highestPassing() const { return m_highestPassing; }
    /// The lowest rate that failed, if any did.
    std::optional<int> lowestFailing() const { return m_lowestFailing; }

private:
    int m_initial;
    int m_granularity;
    int m_maximum;
    int m_highestPassing = 0;
    std::optional<int> m_lowestFailing;
};
