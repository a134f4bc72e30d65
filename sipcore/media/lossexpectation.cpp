#include "sipcore/media/lossexpectation.h"

#include <algorithm>

namespace sipcore::media {

void LossExpectation::report(std::uint8_t fractionLost)
{
    m_reports[m_next] = fractionLost;
    m_next = (m_next + 1) % Window;
    m_count = std::min(m_count + 1, Window);
}

unsigned LossExpectation::percent() const
{
    if (m_count == 0)
        return InitialPercent;
    const std::uint8_t highest = *std::max_element(m_reports.begin(), m_reports.begin() + m_count);
    return (unsigned(highest) * 100 + 255) / 256;
}

} // namespace sipcore::media
