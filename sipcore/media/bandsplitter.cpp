#include "sipcore/media/bandsplitter.h"

#include <algorithm>
#include <cmath>

namespace sipcore::media {

BandSplitter::BandSplitter(unsigned rate,
                           unsigned lowRate,
                           std::size_t blockSamples,
                           std::size_t lagBlocks)
    : m_blockSamples(blockSamples)
    , m_lowBlockSamples(blockSamples * lowRate / rate)
    , m_lagBlocks(lagBlocks)
    , m_down(rate, lowRate, FilterQuality)
    , m_upRaw(lowRate, rate, FilterQuality)
    , m_upClean(lowRate, rate, FilterQuality)
{
    m_filterDelay = m_down.latency() + std::size_t(m_upRaw.latency()) * (rate / lowRate);
    m_input.assign(m_filterDelay, 0);
    m_high.assign(lagBlocks * blockSamples, 0);
    m_scratch.reserve(blockSamples);
}

void BandSplitter::split(std::span<const std::int16_t> block, std::span<std::int16_t> low)
{
    m_scratch.clear();
    m_down.process(block, m_scratch);
    const std::size_t lowCount = std::min(m_scratch.size(), low.size());
    std::copy_n(m_scratch.begin(), lowCount, low.begin());
    std::fill(low.begin() + std::ptrdiff_t(lowCount), low.end(), std::int16_t(0));

    // The high band is what the low band, brought back up, leaves of the input lined up with it.
    m_input.insert(m_input.end(), block.begin(), block.end());
    m_scratch.clear();
    m_upRaw.process(low, m_scratch);
    m_scratch.resize(m_blockSamples, 0);
    for (std::size_t i = 0; i < m_blockSamples; ++i)
        m_high.push_back(std::int32_t(m_input[i]) - m_scratch[i]);
    m_input.erase(m_input.begin(), m_input.begin() + std::ptrdiff_t(m_blockSamples));
}

void BandSplitter::join(std::span<const std::int16_t> low,
                        float fromGain,
                        float toGain,
                        std::span<std::int16_t> out)
{
    m_scratch.clear();
    m_upClean.process(low, m_scratch);
    m_scratch.resize(m_blockSamples, 0);
    const std::size_t count = std::min({out.size(), m_blockSamples, m_high.size()});
    const float step = (toGain - fromGain) / float(m_blockSamples);
    for (std::size_t i = 0; i < count; ++i) {
        const float gain = fromGain + step * float(i + 1);
        const float joined = float(m_scratch[i]) + gain * float(m_high[i]);
        out[i] = static_cast<std::int16_t>(std::clamp(std::lround(joined), -32768L, 32767L));
    }
    m_high.erase(m_high.begin(), m_high.begin() + std::ptrdiff_t(count));
}

} // namespace sipcore::media
