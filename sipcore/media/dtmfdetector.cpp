#include "sipcore/media/dtmfdetector.h"

// spandsp's headers need its telephony, logging and tone-report definitions, in this order.
#include <spandsp/telephony.h>

#include <spandsp/logging.h>

#include <spandsp/super_tone_rx.h>

#include <spandsp/dtmf.h>

#include <utility>

namespace sipcore::media {

DtmfDetector::DtmfDetector(unsigned sampleRate)
    : m_to8k(sampleRate, 8000)
    , m_state(dtmf_rx_init(nullptr, &DtmfDetector::onDigits, this))
{}

DtmfDetector::~DtmfDetector()
{
    dtmf_rx_free(m_state);
}

void DtmfDetector::onDigits(void *self, const char *digits, int length)
{
    static_cast<DtmfDetector *>(self)->m_found.append(digits, static_cast<std::size_t>(length));
}

std::string DtmfDetector::process(std::span<const std::int16_t> samples)
{
    m_narrow.clear();
    m_to8k.process(samples, m_narrow);
    if (!m_narrow.empty())
        dtmf_rx(m_state, m_narrow.data(), static_cast<int>(m_narrow.size()));
    return std::exchange(m_found, {});
}

} // namespace sipcore::media
