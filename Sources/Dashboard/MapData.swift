import Foundation

/// The maps' geography (Resources/map.json, made by contrib/mapdata/make_map_data.py): simplified
/// prefecture outlines (japanmap, Apache-2.0) and municipality office positions (JpGeocode, MIT),
/// keyed by 団体コード. Coordinates are thousandths of a degree.
public struct MapData: Sendable, Decodable {
    /// The attribution every page prints in its footer.
    public var source: String
    public var prefectures: [PrefectureOutline]
    /// [団体コード, lon×1000, lat×1000]
    var municipalities: [[Coordinate]]

    public struct PrefectureOutline: Sendable, Decodable {
        /// 2-digit prefecture code.
        public var code: String
        /// Closed rings, each lon, lat, lon, lat … in thousandths of a degree.
        public var rings: [[Int]]
    }

    enum Coordinate: Sendable, Decodable {
        case code(String)
        case value(Int)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { self = .value(i) } else { self = .code(try c.decode(String.self)) }
        }
    }

    /// Office position (lon, lat in degrees) by 団体コード.
    public let offices: [String: (lon: Double, lat: Double)]

    enum CodingKeys: String, CodingKey { case source, prefectures, municipalities }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decode(String.self, forKey: .source)
        prefectures = try c.decode([PrefectureOutline].self, forKey: .prefectures)
        municipalities = try c.decode([[Coordinate]].self, forKey: .municipalities)
        var offices = [String: (lon: Double, lat: Double)]()
        for row in municipalities {
            guard row.count == 3, case .code(let code) = row[0], case .value(let lon) = row[1], case .value(let lat) = row[2] else { continue }
            offices[code] = (Double(lon) / 1000, Double(lat) / 1000)
        }
        self.offices = offices
    }

    /// Decoded once per process from the embedded resource.
    public static let embedded: MapData = {
        do { return try JSONDecoder().decode(MapData.self, from: Data(PackageResources.map_json)) }
        catch { fatalError("map.json is part of the build and must decode: \(error)") }
    }()

    public func outline(_ prefCode: String) -> PrefectureOutline? { prefectures.first { $0.code == prefCode } }
}

/// Longitude/latitude to SVG user units: an equirectangular projection with the longitude
/// shrunk by cos(latitude at the centre), which keeps Japan's shape at this scale.
struct Projection {
    var minLon: Double, maxLat: Double, scale: Double, kx: Double
    var width: Double, height: Double

    /// Fits the box of `points` (lon, lat) into `width` (height follows), with a margin.
    init(fitting points: [(Double, Double)], width: Double, maxHeight: Double, margin: Double = 8) {
        let lons = points.map(\.0), lats = points.map(\.1)
        var minLon = lons.min() ?? 128, maxLon = lons.max() ?? 146
        var minLat = lats.min() ?? 30, maxLat = lats.max() ?? 46
        if maxLon - minLon < 0.05 { minLon -= 0.05; maxLon += 0.05 }
        if maxLat - minLat < 0.05 { minLat -= 0.05; maxLat += 0.05 }
        let kx = cos((minLat + maxLat) / 2 * .pi / 180)
        let spanX = (maxLon - minLon) * kx, spanY = maxLat - minLat
        let scale = min((width - 2 * margin) / spanX, (maxHeight - 2 * margin) / spanY)
        self.minLon = minLon - margin / scale / kx
        self.maxLat = maxLat + margin / scale
        self.scale = scale; self.kx = kx
        self.width = (spanX * scale + 2 * margin).rounded(.up)
        self.height = (spanY * scale + 2 * margin).rounded(.up)
    }

    func x(_ lon: Double) -> Double { (lon - minLon) * kx * scale }
    func y(_ lat: Double) -> Double { (maxLat - lat) * scale }

    /// An SVG path of closed rings, in whole user units (sub-unit detail is invisible at this size).
    func path(_ rings: [[Int]], offset: (Double, Double) = (0, 0)) -> String {
        var d = ""
        d.reserveCapacity(rings.reduce(0) { $0 + $1.count * 4 })
        for ring in rings {
            var i = 0
            var lastX = Int.min, lastY = Int.min
            while i + 1 < ring.count {
                let px = Int((x(Double(ring[i]) / 1000 + offset.0) * 10).rounded())
                let py = Int((y(Double(ring[i + 1]) / 1000 + offset.1) * 10).rounded())
                if px != lastX || py != lastY {
                    d += (i == 0 ? "M" : "L") + Format.fixed(Double(px) / 10, digits: 1) + " " + Format.fixed(Double(py) / 10, digits: 1)
                    lastX = px; lastY = py
                }
                i += 2
            }
            d += "Z"
        }
        return d
    }
}
