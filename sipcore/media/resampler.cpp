#include "sipcore/media/resampler.h"

#include <speex/speex_resampler.h>

namespace sipcore::media {

Resampler::Resampler(unsigned inputRate, unsigned outputRate, int quality)
    : m_inputRate(inputRate)
    , m_outputRate(outputRate)
{
    if (inputRate != outputRate) {
        int error = 0;
        m_state = speex_resampler_init(1, inputRate, outputRate, quality, &error);
    }
}

Resampler::~Resampler()
{
    if (m_state)
        speex_resampler_destroy(m_state);
}

void Resampler::process(std::span<const std::int16_t> input, std::vector<std::int16_t> &output)
{
    if (!m_state) {
        output.insert(output.end(), input.begin(), input.end());
        return;
    }
    const std::size_t start = output.size();
    const std::size_t room = input.size() * m_outputRate / m_inputRate + 16;
    output.resize(start + room);
    spx_uint32_t in = static_cast<spx_uint32_t>(input.size());
    spx_uint32_t out = static_cast<spx_uint32_t>(room);
    speex_resampler_process_int(m_state, 0, input.data(), &in, output.data() + start, &out);
    output.resize(start + out);
}

unsigned Resampler::latency() const
{
    return m_state ? static_cast<unsigned>(speex_resampler_get_input_latency(m_state)) : 0;
}

} // namespace sipcore::media
