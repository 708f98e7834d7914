// The storefront's one public hostname: Azure API Management (v2 tier) in front of the five function apps.
// /api/<prefix>/... goes to the app that serves <prefix>; CORS for the storefront's origins is answered here;
// cart and checkout calls are rate limited per client address (429 problem+json with Retry-After).
// Back-office routes (admin/*, inventory/*) are published like the rest: the apps admit staff by the admin app role on
// their bearer token, so there is no function key to hand out. Only the analytics dashboard page stays keyed, on its app. Why APIM v2 and not Consumption or Front Door: infra/README.md.

param name string
param location string
param tags object

@description('Publisher contact APIM requires (shown in its developer portal, which is not used).')
param publisherEmail string

@allowed([
  'BasicV2'
  'StandardV2'
])
param skuName string = 'BasicV2'

@description('Routes: { prefix: the path after /api the API serves (one segment, or more where a longer prefix goes to another app than a shorter one; API Management picks the longest match), host: the serving app\'s default hostname, callsPerMinute: per-client limit (0 for none) }.')
param routes array

@description('Browser origins allowed to call through the edge (CORS); empty for none.')
param allowedOrigins string[] = []

@description('The apps whose OpenAPI documents the edge merges into one at /api/openapi/v1.json: { name, host }.')
param openApiHosts array

@description('URL of the private blob container holding product images (https://<account>.blob.core.windows.net/<container>); the edge serves it read-only at /images/* with its own identity.')
param imagesContainerUrl string

resource apim 'Microsoft.ApiManagement/service@2024-05-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    capacity: 1
  }
  // Its own identity reads the product image container (and nothing else): no account key, no SAS, no public blob.
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    publisherEmail: publisherEmail
    publisherName: 'Commerce Functions'
  }
}

// With no origin configured the CORS policy still runs and refuses every cross-origin call (an empty list matches none).
resource globalPolicy 'Microsoft.ApiManagement/service/policies@2024-05-01' = {
  parent: apim
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: replace(loadTextContent('edge/global-policy.xml'), '{origins}', join(map(allowedOrigins, origin => '<origin>${origin}</origin>'), ''))
  }
}

resource apis 'Microsoft.ApiManagement/service/apis@2024-05-01' = [
  for route in routes: {
    parent: apim
    // A prefix may have more than one segment (admin/pricing); an API's name may not hold a '/'.
    name: replace(route.prefix, '/', '-')
    properties: {
      displayName: route.prefix
      path: 'api/${route.prefix}'
      protocols: [
        'https'
      ]
      subscriptionRequired: false
      serviceUrl: 'https://${route.host}/api/${route.prefix}'
    }
  }
]

// One wildcard operation per method on every API: the apps themselves answer what they do not serve.
var methods = [
  'GET'
  'POST'
  'PUT'
  'PATCH'
  'DELETE'
]

resource operations 'Microsoft.ApiManagement/service/apis/operations@2024-05-01' = [
  for (operation, i) in flatten(map(range(0, length(routes)), r => map(methods, m => { api: r, method: m }))): {
    parent: apis[operation.api]
    name: toLower(operation.method)
    properties: {
      displayName: '${operation.method} /api/${routes[operation.api].prefix}/*'
      method: operation.method
      urlTemplate: '/*'
    }
  }
]

// The rate-limited APIs, by index into `routes`.
var limited = filter(map(range(0, length(routes)), i => { api: i, calls: routes[i].callsPerMinute }), route => route.calls > 0)

resource rateLimits 'Microsoft.ApiManagement/service/apis/policies@2024-05-01' = [
  for route in limited: {
    parent: apis[route.api]
    name: 'policy'
    properties: {
      format: 'rawxml'
      value: replace(replace(loadTextContent('edge/rate-limited-api-policy.xml'), '{calls}', string(route.calls)), '{period}', '60')
    }
  }
]

// The storefront's one OpenAPI document: GET /api/openapi/v1.json merges what each app serves at its own
// /api/openapi/v1.json (cached five minutes at the edge).
resource openApi 'Microsoft.ApiManagement/service/apis@2024-05-01' = {
  parent: apim
  name: 'openapi'
  properties: {
    displayName: 'OpenAPI document'
    path: 'api/openapi'
    protocols: [
      'https'
    ]
    subscriptionRequired: false
  }
}

resource openApiRead 'Microsoft.ApiManagement/service/apis/operations@2024-05-01' = {
  parent: openApi
  name: 'get'
  properties: {
    displayName: 'GET /api/openapi/v1.json'
    method: 'GET'
    urlTemplate: '/v1.json'
  }
}

// Where each app's document is: a named value per app, so the policy text names only the apps.
resource openApiUrls 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = [
  for doc in openApiHosts: {
    parent: apim
    name: 'openapi-${doc.name}'
    properties: {
      displayName: 'openapi-${doc.name}'
      value: 'https://${doc.host}/api/openapi/v1.json'
      secret: false
    }
  }
]

var openApiRequests = join(
  map(
    openApiHosts,
    doc =>
      '<send-request mode="new" response-variable-name="openapi-${doc.name}" timeout="10" ignore-error="true"><set-url>{{openapi-${doc.name}}}</set-url><set-method>GET</set-method></send-request>'
  ),
  ''
)
var openApiNames = join(map(openApiHosts, doc => '&quot;openapi-${doc.name}&quot;'), ', ')

resource openApiPolicy 'Microsoft.ApiManagement/service/apis/policies@2024-05-01' = {
  parent: openApi
  name: 'policy'
  dependsOn: [
    openApiUrls
  ]
  properties: {
    format: 'rawxml'
    value: replace(replace(loadTextContent('edge/openapi-api-policy.xml'), '{requests}', openApiRequests), '{names}', openApiNames)
  }
}

// Product images: GET /images/{name} reads that one blob (the catalog's image URLs point here).
resource images 'Microsoft.ApiManagement/service/apis@2024-05-01' = {
  parent: apim
  name: 'images'
  properties: {
    displayName: 'product images'
    path: 'images'
    protocols: [
      'https'
    ]
    subscriptionRequired: false
    serviceUrl: imagesContainerUrl
  }
}

resource imageRead 'Microsoft.ApiManagement/service/apis/operations@2024-05-01' = {
  parent: images
  name: 'get'
  properties: {
    displayName: 'GET /images/{name}'
    method: 'GET'
    urlTemplate: '/{*name}'
    templateParameters: [
      {
        name: 'name'
        type: 'string'
        required: true
      }
    ]
  }
}

resource imagesPolicy 'Microsoft.ApiManagement/service/apis/policies@2024-05-01' = {
  parent: images
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: loadTextContent('edge/images-api-policy.xml')
  }
}

output gatewayUrl string = apim.properties.gatewayUrl
output name string = apim.name
output principalId string = apim.identity.principalId
