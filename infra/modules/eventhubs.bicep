// Event Hubs namespace carrying the storefront clickstream (partition key: session id).
// Standard tier: a named consumer group needs it. SAS (local auth) is off: only Entra ID works.

param name string
param location string
param tags object

@description('Event hub carrying clickstream events.')
param hubName string = 'clickstream'

@description('Partitions of the clickstream hub: the upper bound of parallel consumers.')
@minValue(1)
@maxValue(32)
param partitionCount int = 8

@description('Consumer group the analytics app reads with.')
param consumerGroupName string = 'analytics'

@description('Consumer group the pricing app reads with (price experiments\' exposures and purchases).')
param pricingConsumerGroupName string = 'pricing'

@description('Throughput units (1 TU = 1 MB/s or 1,000 events/s in).')
@minValue(1)
@maxValue(40)
param capacity int = 1

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: capacity
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    isAutoInflateEnabled: true
    maximumThroughputUnits: 10
  }

  resource hub 'eventhubs' = {
    name: hubName
    properties: {
      partitionCount: partitionCount
      messageRetentionInDays: 1
    }

    resource consumerGroup 'consumergroups' = {
      name: consumerGroupName
    }

    resource pricingConsumerGroup 'consumergroups' = {
      name: pricingConsumerGroupName
    }
  }
}

output name string = namespace.name
// serviceBusEndpoint is https://<name>.servicebus.<cloud suffix>:443/; the SDK wants the bare host name.
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
output hubName string = namespace::hub.name
output consumerGroupName string = namespace::hub::consumerGroup.name
output pricingConsumerGroupName string = namespace::hub::pricingConsumerGroup.name
