#include "ratesearch.h"

#include <algorithm>

RateSearch::RateSearch(int initial, int granularity, int maximum)
    : m_initial(std::max(1, initial))
    , m_granularity(std::max(1, granularity))
    , m_maximum(std::max(m_initial, maximum))
{}

std::optional<int> RateSearch::nextRate() const
{
    if (!m_lowestFailing) {
        if (m_highestPassing == 0)
            return m_initial;
        if (m_highestPassing >= m_maximum)
            return std::nullopt;
        return std::min(2 * m_highestPassing, m_maximum);
    }
    if (*m_lowestFailing - m_highestPassing <= m_granularity)
        return std::nullopt;
    return m_highestPassing + (*m_lowestFailing - m_highestPassing) / 2;
}

void RateSearch::record(int rate, bool passed)
{
    if (passed)
        m_highestPassing = std::max(m_highestPassing, rate);
    else
        m_lowestFailing = m_lowestFailing ? std::min(*m_lowestFailing, rate) : rate;
}
